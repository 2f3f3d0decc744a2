/**
 * Reading values from a document's `_source` as Elasticsearch does: `null`, `[]` and arrays of nulls are
 * no value (not indexed, no doc values, no `exists` match, sorted as missing), so a reader treats them
 * exactly like a key that is not there.
 */

export type Source = Record<string, unknown>;

/** Whether a source value is one Elasticsearch indexes nothing for. */
export function isNoValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  return Array.isArray(value) && value.every(isNoValue);
}

/**
 * The value of a dotted field in a source written nested, with dotted keys or both; undefined when the
 * field has no value (absent, `null` or `[]`).
 */
export function sourceValue(source: Source, field: string): unknown {
  const own = source[field];
  if (!isNoValue(own)) return own;
  for (let cut = field.indexOf("."); cut !== -1; cut = field.indexOf(".", cut + 1)) {
    const head = source[field.slice(0, cut)];
    if (head && typeof head === "object" && !Array.isArray(head)) {
      const found = sourceValue(head as Source, field.slice(cut + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The first value of a field that may hold an array: what a single-valued reader (a timestamp) uses. */
export function firstValue(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.find((element) => !isNoValue(element));
}
