import { constructFromEvents, EVENT_ID, getScalarValue, parseEvents, YAMLException, } from "js-yaml";
export class YamlSyntaxError extends Error {
    reason;
    position;
    constructor(reason, position) {
        super(reason);
        this.reason = reason;
        this.position = position;
    }
}
/** Parses one YAML document, keeping node positions; throws YamlSyntaxError with the failing position. */
export function parseYamlWithPositions(text) {
    let events;
    let documents;
    try {
        events = parseEvents(text, {});
        documents = constructFromEvents(events, { source: text });
    }
    catch (error) {
        if (error instanceof YAMLException) {
            const mark = error.mark;
            throw new YamlSyntaxError(error.reason, {
                line: (mark?.line ?? 0) + 1,
                column: (mark?.column ?? 0) + 1,
            });
        }
        throw error;
    }
    const offsets = nodeOffsets(events, text);
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++)
        if (text[i] === "\n")
            lineStarts.push(i + 1);
    const toPosition = (offset) => {
        let low = 0;
        let high = lineStarts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (lineStarts[mid] <= offset)
                low = mid;
            else
                high = mid - 1;
        }
        return { line: low + 1, column: offset - lineStarts[low] + 1 };
    };
    return {
        value: documents[0],
        positionOf(path) {
            for (let length = path.length; length >= 0; length--) {
                const offset = offsets.get(pathKey(path.slice(0, length)));
                if (offset !== undefined)
                    return toPosition(offset);
            }
            return { line: 1, column: 1 };
        },
    };
}
function pathKey(path) {
    return JSON.stringify(path);
}
/** Start offset of every node of the first document, by key path. */
function nodeOffsets(events, text) {
    const offsets = new Map();
    const stack = [];
    /** Path of the node the next event opens; undefined while a mapping key is being read. */
    const nextPath = () => {
        const top = stack.at(-1);
        if (!top)
            return [];
        if (top.kind === "sequence")
            return [...top.path, top.index++];
        if (top.key === undefined)
            return undefined;
        const path = [...top.path, top.key];
        top.key = undefined;
        return path;
    };
    for (const event of events) {
        if (event.type === EVENT_ID.DOCUMENT) {
            if (offsets.size > 0)
                break;
            continue;
        }
        if (event.type === EVENT_ID.POP) {
            stack.pop();
            continue;
        }
        const top = stack.at(-1);
        const isKey = top?.kind === "mapping" && top.key === undefined;
        if (isKey && event.type === EVENT_ID.SCALAR) {
            top.key = getScalarValue(text, event);
            continue;
        }
        const path = nextPath() ?? [];
        if (event.type === EVENT_ID.SEQUENCE) {
            offsets.set(pathKey(path), event.start);
            stack.push({ kind: "sequence", path, index: 0 });
        }
        else if (event.type === EVENT_ID.MAPPING) {
            offsets.set(pathKey(path), event.start);
            stack.push({ kind: "mapping", path });
        }
        else if (event.type === EVENT_ID.SCALAR) {
            offsets.set(pathKey(path), event.valueStart);
        }
    }
    return offsets;
}
