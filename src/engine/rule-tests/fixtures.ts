import { readFileSync } from "node:fs";
import { DacError } from "../../errors.js";
import type { StoredDocument } from "../types.js";

/** A fixture event: a hit as Elasticsearch returns it, plus when it becomes searchable. */
export interface FixtureEvent extends StoredDocument {
  /** ISO or relative time the event is indexed; default event.ingested, else @timestamp, else always. */
  _arrival?: string;
  file: string;
  line: number;
}

export class FixtureError extends DacError {
  constructor(message: string, file: string, line: number) {
    super("input", message, { location: { file, line } });
  }
}

const KNOWN_KEYS = new Set(["_index", "_id", "_source", "_arrival"]);

/**
 * Reads an NDJSON file of hits: `{"_index": "...", "_id": "...", "_source": {...}}` per line. Blank lines
 * and lines starting with `//` are skipped so fixtures can carry short notes.
 */
export function readFixtureFile(file: string, text?: string): FixtureEvent[] {
  let content: string;
  try {
    content = text ?? readFileSync(file, "utf8");
  } catch (error) {
    throw new FixtureError(
      `cannot read fixture file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      file,
      0,
    );
  }
  const events: FixtureEvent[] = [];
  const seen = new Map<string, number>();
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("//")) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new FixtureError(`not valid JSON: ${(error as Error).message}`, file, line);
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new FixtureError("expected a JSON object per line", file, line);
    }
    const hit = parsed as Record<string, unknown>;
    for (const key of Object.keys(hit)) {
      if (!KNOWN_KEYS.has(key)) {
        throw new FixtureError(
          `unknown key "${key}" (a line holds _index, _id, _source and optionally _arrival)`,
          file,
          line,
        );
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
      _source: hit._source as Record<string, unknown>,
      _arrival: hit._arrival as string | undefined,
      file,
      line,
    });
  });
  return events;
}
