/**
 * Documents for an EQL index from text: NDJSON, or a JSON array as Elasticsearch's QA `.data` files hold them
 * (lines starting with `//` are comments). A line may be a bare source or a hit (`{"_id", "_source"}`);
 * bare sources get their 1-based position as `_id`.
 */

import type { JsonObject } from "../../engine/types.js";
import { DacError } from "../../errors.js";

export interface SourceDocument {
  id: string;
  source: JsonObject;
}

export function readDocumentsText(text: string, file: string): SourceDocument[] {
  const lines = text.split(/\r?\n/).map((line) => (/^\s*\/\//.test(line) ? "" : line));
  const body = lines.join("\n").trim();
  if (body === "") return [];
  const parse = (json: string, line: number | undefined) => {
    try {
      return JSON.parse(json) as unknown;
    } catch (error) {
      throw new DacError("input", `invalid JSON: ${(error as Error).message}`, {
        location: { file, line },
      });
    }
  };
  const values: { value: unknown; line: number | undefined }[] = body.startsWith("[")
    ? (toArray(parse(body, undefined), file) as unknown[]).map((value) => ({ value, line: undefined }))
    : lines.flatMap((line, i) => (line.trim() === "" ? [] : [{ value: parse(line, i + 1), line: i + 1 }]));
  return values.map(({ value, line }, position) => toDocument(value, position, file, line));
}

function toArray(value: unknown, file: string): unknown[] {
  if (!Array.isArray(value))
    throw new DacError("input", "expected a JSON array of documents", { location: { file } });
  return value;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function toDocument(
  value: unknown,
  position: number,
  file: string,
  line: number | undefined,
): SourceDocument {
  if (!isObject(value))
    throw new DacError("input", "a document must be a JSON object", { location: { file, line } });
  if (isObject(value._source)) {
    const id = value._id === undefined ? String(position + 1) : String(value._id);
    return { id, source: value._source };
  }
  return { id: String(position + 1), source: value };
}
