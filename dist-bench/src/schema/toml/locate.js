import { pathKey, scanSource } from "./scan.js";
import { decodeString } from "./strings.js";
/** 1-based line and column of a source offset; columns count UTF-16 code units. */
export function positionAtOffset(lineStarts, offset) {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (lineStarts[middle] <= offset)
            low = middle;
        else
            high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
}
export function lineStartsOf(text) {
    const starts = [0];
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
        starts.push(i + 1);
    return starts;
}
/**
 * A locator for a document the TOML parser accepted. The source is scanned on the first question only,
 * because most files never produce a finding and loading must stay fast.
 */
export function createSourceLocator(text) {
    let scanned;
    const scan = () => {
        scanned ??= { index: scanSource(text), lineStarts: lineStartsOf(text) };
        return scanned;
    };
    const nearestEntry = (path) => {
        const { index } = scan();
        for (let length = path.length; length > 0; length--) {
            const entry = index.get(pathKey(path.slice(0, length)));
            if (entry)
                return { entry, exact: length === path.length };
        }
        return undefined;
    };
    const positionOf = (path) => {
        const found = nearestEntry(path);
        return found ? positionAtOffset(scan().lineStarts, found.entry.offset) : { line: 1, column: 1 };
    };
    const positionInValue = (path, offset) => {
        const found = nearestEntry(path);
        const valueOffset = found?.exact ? found.entry.valueOffset : undefined;
        if (valueOffset === undefined || (text[valueOffset] !== '"' && text[valueOffset] !== "'")) {
            return positionOf(path);
        }
        const { rawOffsets } = decodeString(text, valueOffset);
        const clamped = Math.max(0, Math.min(Math.trunc(offset), rawOffsets.length - 1));
        return positionAtOffset(scan().lineStarts, rawOffsets[clamped]);
    };
    return { positionOf, positionInValue };
}
/** The locator for text that could not be parsed: every position is the start of the file. */
export const unparsedLocator = {
    positionOf: () => ({ line: 1, column: 1 }),
    positionInValue: () => ({ line: 1, column: 1 }),
};
