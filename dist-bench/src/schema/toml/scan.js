import { decodeString } from "./strings.js";
export function pathKey(path) {
    return JSON.stringify(path);
}
const BARE_KEY_CHAR = /[A-Za-z0-9_-]/;
const SCALAR_END = /[,\]}\n#]/;
/**
 * Finds the source offset of every key, table header and array element of a TOML document that the
 * parser already accepted, so that findings can point at them. Every loop advances, so odd input ends the
 * scan early rather than hanging or throwing.
 */
export function scanSource(text) {
    const index = new Map();
    /** Number of elements seen so far in each array of tables, by pathKey of the array. */
    const tableArrayLengths = new Map();
    let pos = 0;
    let table = [];
    const record = (path, entry) => {
        const key = pathKey(path);
        if (!index.has(key))
            index.set(key, entry);
    };
    const skipSpaces = () => {
        while (text[pos] === " " || text[pos] === "\t")
            pos += 1;
    };
    const skipComment = () => {
        if (text[pos] === "#")
            while (pos < text.length && text[pos] !== "\n")
                pos += 1;
    };
    const skipBlank = () => {
        for (;;) {
            const start = pos;
            skipSpaces();
            skipComment();
            if (text[pos] === "\n" || text[pos] === "\r")
                pos += 1;
            if (pos === start)
                return;
        }
    };
    /** Reads a dotted key; returns each segment with its offset. */
    const readKey = () => {
        const segments = [];
        for (;;) {
            skipSpaces();
            const offset = pos;
            if (text[pos] === '"' || text[pos] === "'") {
                const decoded = decodeString(text, pos);
                segments.push({ name: decoded.value, offset });
                pos = decoded.end;
            }
            else {
                while (pos < text.length && BARE_KEY_CHAR.test(text[pos]))
                    pos += 1;
                if (pos === offset)
                    return segments;
                segments.push({ name: text.slice(offset, pos), offset });
            }
            skipSpaces();
            if (text[pos] !== ".")
                return segments;
            pos += 1;
        }
    };
    /** Resolves header segments to a concrete path, stepping into the last element of arrays of tables. */
    const resolve = (segments, isTableArray, headerOffset) => {
        const path = [];
        segments.forEach((segment, i) => {
            path.push(segment.name);
            record(path, { offset: i === segments.length - 1 ? headerOffset : segment.offset });
            const key = pathKey(path);
            if (isTableArray && i === segments.length - 1) {
                const length = tableArrayLengths.get(key) ?? 0;
                tableArrayLengths.set(key, length + 1);
                path.push(length);
                record(path, { offset: headerOffset });
            }
            else if (tableArrayLengths.has(key)) {
                path.push((tableArrayLengths.get(key) ?? 1) - 1);
            }
        });
        return path;
    };
    const readHeader = () => {
        const headerOffset = pos;
        const isTableArray = text[pos + 1] === "[";
        pos += isTableArray ? 2 : 1;
        const segments = readKey();
        table = resolve(segments, isTableArray, headerOffset);
        pos += isTableArray ? 2 : 1;
    };
    const readKeyValue = (base) => {
        const segments = readKey();
        if (segments.length === 0) {
            pos += 1;
            return;
        }
        const path = [...base];
        for (const segment of segments) {
            path.push(segment.name);
            record(path, { offset: segment.offset });
        }
        skipSpaces();
        if (text[pos] === "=")
            pos += 1;
        skipSpaces();
        index.set(pathKey(path), { offset: segments[segments.length - 1].offset, valueOffset: pos });
        readValue(path);
    };
    const readValue = (path) => {
        const char = text[pos];
        if (char === '"' || char === "'") {
            pos = decodeString(text, pos).end;
        }
        else if (char === "[") {
            pos += 1;
            for (let i = 0;; i++) {
                skipBlank();
                if (pos >= text.length || text[pos] === "]")
                    break;
                record([...path, i], { offset: pos, valueOffset: pos });
                const before = pos;
                readValue([...path, i]);
                skipBlank();
                if (text[pos] === ",")
                    pos += 1;
                else if (pos === before)
                    break;
            }
            pos += 1;
        }
        else if (char === "{") {
            pos += 1;
            for (;;) {
                skipBlank();
                if (pos >= text.length || text[pos] === "}")
                    break;
                const before = pos;
                readKeyValue(path);
                skipBlank();
                if (text[pos] === ",")
                    pos += 1;
                else if (pos === before)
                    break;
            }
            pos += 1;
        }
        else {
            while (pos < text.length && !SCALAR_END.test(text[pos]))
                pos += 1;
        }
    };
    while (pos < text.length) {
        skipBlank();
        if (pos >= text.length)
            break;
        if (text[pos] === "[")
            readHeader();
        else
            readKeyValue(table);
    }
    return index;
}
