import { readFileSync } from "node:fs";
export class FixtureError extends Error {
    file;
    line;
    constructor(message, file, line) {
        super(message);
        this.file = file;
        this.line = line;
    }
}
const KNOWN_KEYS = new Set(["_index", "_id", "_source", "_arrival"]);
/**
 * Reads an NDJSON file of hits: `{"_index": "...", "_id": "...", "_source": {...}}` per line. Blank lines
 * and lines starting with `//` are skipped so fixtures can carry short notes.
 */
export function readFixtureFile(file, text) {
    let content;
    try {
        content = text ?? readFileSync(file, "utf8");
    }
    catch (error) {
        throw new FixtureError(`cannot read fixture file: ${error.code ?? error.message}`, file, 0);
    }
    const events = [];
    const seen = new Map();
    content.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        const trimmed = raw.trim();
        if (trimmed === "" || trimmed.startsWith("//"))
            return;
        let parsed;
        try {
            parsed = JSON.parse(trimmed);
        }
        catch (error) {
            throw new FixtureError(`not valid JSON: ${error.message}`, file, line);
        }
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
            throw new FixtureError("expected a JSON object per line", file, line);
        }
        const hit = parsed;
        for (const key of Object.keys(hit)) {
            if (!KNOWN_KEYS.has(key)) {
                throw new FixtureError(`unknown key "${key}" (a line holds _index, _id, _source and optionally _arrival)`, file, line);
            }
        }
        if (typeof hit._index !== "string" || hit._index === "")
            throw new FixtureError("missing _index: the index the event lives in", file, line);
        if (typeof hit._id !== "string" || hit._id === "")
            throw new FixtureError("missing _id: a stable fixture id", file, line);
        if (!hit._source || typeof hit._source !== "object" || Array.isArray(hit._source)) {
            throw new FixtureError("missing _source object", file, line);
        }
        if (hit._arrival !== undefined && typeof hit._arrival !== "string") {
            throw new FixtureError("_arrival must be a time string", file, line);
        }
        const previous = seen.get(`${hit._index}/${hit._id}`);
        if (previous !== undefined)
            throw new FixtureError(`duplicate _id "${hit._id}" (first on line ${previous})`, file, line);
        seen.set(`${hit._index}/${hit._id}`, line);
        events.push({
            _index: hit._index,
            _id: hit._id,
            _source: hit._source,
            _arrival: hit._arrival,
            file,
            line,
        });
    });
    return events;
}
