/** Long.MAX_VALUE / Long.MIN_VALUE: what Elasticsearch puts in `sort` for a missing long or date value. */
export const LONG_MAX = 2 ** 63;
export const LONG_MIN = -(2 ** 63);

/** The sort value of a document without a value in a numeric-like field (floats sort missing as ±Infinity). */
export function missingNumericSortValue(floating: boolean, high: boolean): number {
  if (floating) return high ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return high ? LONG_MAX : LONG_MIN;
}
