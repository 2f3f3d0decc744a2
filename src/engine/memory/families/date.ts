/**
 * date and date_nanos fields: epoch milliseconds; query bounds are date math with the range query's
 * rounding (`/d` rounds up for `lte` and `gt`), in the query's format and time zone.
 */
import type { FieldSpec } from "../../../catalog/types.js";
import {
  DateParseError,
  formatDate,
  parseDate,
  parseDateMath,
  parseTimeZone,
  type TimeZone,
  truncateToMillis,
} from "../../../semantics/dates.js";
import { docsWhere } from "../index/field-index.js";
import type { QueryContext } from "../request.js";
import {
  type Bound,
  compareNumbers,
  type FamilyDocValues,
  type FamilyQueries,
  inRange,
  notAValue,
  queryText,
  type RangeQuery,
  size,
} from "./family.js";
import { missingNumericSortValue } from "./numeric-missing.js";

function dateBound(
  bound: Bound,
  roundUpIfExclusive: boolean,
  spec: FieldSpec,
  range: RangeQuery,
  zone: TimeZone | undefined,
): number | undefined {
  if (!bound) return undefined;
  const roundUp = roundUpIfExclusive ? !bound.inclusive : bound.inclusive;
  if (typeof bound.value === "number") return bound.value;
  const millis = parseDateMath(queryText(bound.value), {
    now: range.context.now,
    roundUp,
    timeZone: zone,
    format: range.format ?? spec.format,
  });
  return spec.type === "date" ? truncateToMillis(millis) : millis;
}

/** The range's bounds as epoch milliseconds (undefined: open). */
export function dateBounds(spec: FieldSpec, range: RangeQuery): { lo?: number; hi?: number } {
  const zone = range.time_zone ? parseTimeZone(range.time_zone) : undefined;
  return {
    lo: dateBound(range.lower, true, spec, range, zone),
    hi: dateBound(range.upper, false, spec, range, zone),
  };
}

export const queries: FamilyQueries = {
  term(field, value, context: QueryContext) {
    return queries.range(field, {
      lower: { value, inclusive: true },
      upper: { value, inclusive: true },
      context,
    });
  },
  range(field, range) {
    const { lo, hi } = dateBounds(field.spec, range);
    const lowerInc = range.lower?.inclusive ?? true;
    const upperInc = range.upper?.inclusive ?? true;
    return docsWhere(size(field.shard), field.index, (v) =>
      inRange(v as number, lo, lowerInc, hi, upperInc, compareNumbers),
    );
  },
};

export const docValues: FamilyDocValues = {
  kind: "date",
  bucketKey: (value) => ({ key: value, key_as_string: formatDate(value as number) }),
  compositeKey: (value) => value,
  parseRequestValue(value, format) {
    if (typeof value === "number") return value;
    if (typeof value === "string") {
      if (/^-?\d+$/.test(value)) return Number(value);
      try {
        return parseDate(value, { format });
      } catch (error) {
        if (!(error instanceof DateParseError)) throw error;
      }
    }
    throw notAValue(value, "date");
  },
  sortValue: (value) => value,
  missingSortValue: missingNumericSortValue,
};
