/**
 * Numeric fields (integers, floats, half floats, scaled floats): query values are parsed and rounded to the
 * field's precision, as the range query builds its points.
 */
import type { FieldSpec } from "../../../catalog/types.js";
import { isIntegerType } from "../../../semantics/field-types.js";
import { coerceNumber, parseQueryNumber, roundHalfFloat } from "../../../semantics/values.js";
import { docsWhere } from "../index/field-index.js";
import {
  type Bound,
  between,
  compareNumbers,
  type FamilyDocValues,
  type FamilyQueries,
  notAValue,
  type RangeQuery,
  size,
} from "./family.js";
import { missingNumericSortValue } from "./numeric-missing.js";

/** The query value as the field's indexed value (numbers rounded to the field's precision). */
function numericTerm(spec: FieldSpec, value: unknown): number {
  const number = parseQueryNumber(spec, value);
  return isIntegerType(spec.type) ? number : coerceNumber(number, spec);
}

/** A float-family bound rounded to the field's precision, as the range query builds its points. */
function numericBound(spec: FieldSpec, value: unknown): number {
  const number = parseQueryNumber(spec, value);
  switch (spec.type) {
    case "float":
      return Math.fround(number);
    case "half_float":
      return roundHalfFloat(number);
    default:
      return number;
  }
}

/** scaled_float compares the stored long (value × factor): bounds round inwards to it. */
function scaledRange(spec: FieldSpec, lower: Bound, upper: Bound): (value: number) => boolean {
  const factor = spec.scalingFactor ?? 1;
  const lo = lower
    ? lower.inclusive
      ? Math.ceil(parseQueryNumber(spec, lower.value) * factor)
      : Math.floor(parseQueryNumber(spec, lower.value) * factor) + 1
    : undefined;
  const hi = upper
    ? upper.inclusive
      ? Math.floor(parseQueryNumber(spec, upper.value) * factor)
      : Math.ceil(parseQueryNumber(spec, upper.value) * factor) - 1
    : undefined;
  return (value) => {
    const scaled = Math.round(value * factor);
    return (lo === undefined || scaled >= lo) && (hi === undefined || scaled <= hi);
  };
}

export const queries: FamilyQueries = {
  term(field, value) {
    const number = numericTerm(field.spec, value);
    return docsWhere(size(field.shard), field.index, (v) => v === number);
  },
  range(field, range: RangeQuery) {
    const test =
      field.spec.type === "scaled_float"
        ? scaledRange(field.spec, range.lower, range.upper)
        : between(range, (value) => numericBound(field.spec, value), compareNumbers);
    return docsWhere(size(field.shard), field.index, (v) => test(v as number));
  },
};

export const docValues: FamilyDocValues = {
  kind: "number",
  bucketKey: (value) => ({ key: value }),
  compositeKey: (value) => value,
  parseRequestValue(value) {
    if (typeof value === "number") return value;
    if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)))
      return Number(value);
    throw notAValue(value, "number");
  },
  sortValue: (value) => value,
  missingSortValue: missingNumericSortValue,
};
