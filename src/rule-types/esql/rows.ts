/** ES|QL result rows as Kibana turns them into alert documents (rowToDocument, mergeEsqlResultInSource). */
import type { EsqlResponse, JsonObject } from "../../engine/types.js";

/** The metadata columns that identify a row's document; they are not among the alert's own fields. */
export const METADATA_COLUMNS = new Set(["_id", "_index", "_version"]);

/** One row as `{column: value}`, null cells skipped (ES|QL returns null for a mapped field a document lacks). */
export function rowsOf(response: EsqlResponse): JsonObject[] {
  return response.values.map((row) => {
    const document: JsonObject = {};
    response.columns.forEach((column, i) => {
      if (row[i] !== null && row[i] !== undefined) document[column.name] = row[i];
    });
    return document;
  });
}

/** The row's own columns, without the document identity. */
export function rowColumns(row: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(row).filter(([name]) => !METADATA_COLUMNS.has(name)));
}

/**
 * The alert's document: the source document with every column written over it — the value at the column's path
 * (dotted key or nested objects) removed, the column's value set under its name. ES|QL's output wins.
 */
export function mergeColumnsIntoSource(source: JsonObject, columns: JsonObject): JsonObject {
  const merged = structuredClone(source);
  for (const [name, value] of Object.entries(columns)) {
    removePath(merged, name.split("."));
    merged[name] = value;
  }
  return merged;
}

/** Removes the value at a dotted path however the document spells it (`{"a.b": 1}`, `{"a": {"b": 1}}`...). */
function removePath(object: JsonObject, parts: string[]): void {
  for (let take = parts.length; take >= 1; take--) {
    const key = parts.slice(0, take).join(".");
    if (!(key in object)) continue;
    if (take === parts.length) delete object[key];
    else if (isObject(object[key])) removePath(object[key] as JsonObject, parts.slice(take));
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
