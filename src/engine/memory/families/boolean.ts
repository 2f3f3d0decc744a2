/** boolean fields: held as 1 and 0; keys render as `true` / `false`. */
import { parseQueryBoolean, ValueError } from "../../../semantics/values.js";
import { docsWhere } from "../index/field-index.js";
import {
  between,
  compareNumbers,
  type FamilyDocValues,
  type FamilyQueries,
  notAValue,
  postingsSet,
  size,
} from "./family.js";
import { missingNumericSortValue } from "./numeric-missing.js";

export const queries: FamilyQueries = {
  term(field, value) {
    return postingsSet(field, [parseQueryBoolean(value)]);
  },
  range(field, range) {
    const test = between(range, parseQueryBoolean, compareNumbers);
    return docsWhere(size(field.shard), field.index, (v) => test(v as number));
  },
};

export const docValues: FamilyDocValues = {
  kind: "boolean",
  bucketKey: (value) => ({ key: value, key_as_string: value === 1 ? "true" : "false" }),
  compositeKey: (value) => value === 1,
  parseRequestValue(value) {
    if (typeof value === "number") return value;
    try {
      return parseQueryBoolean(value);
    } catch (error) {
      if (error instanceof ValueError) throw notAValue(value, "boolean");
      throw error;
    }
  },
  sortValue: (value) => value,
  missingSortValue: missingNumericSortValue,
};
