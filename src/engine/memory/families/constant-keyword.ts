/**
 * constant_keyword fields: one value for the whole index (the mapping's, or the first document's), so a
 * query matches every document or none.
 */
import { emptySet, fullSet } from "../index/bitset.js";
import { compareTerms } from "../index/field-index.js";
import {
  between,
  type FamilyDocValues,
  type FamilyQueries,
  type LeafField,
  queryText,
  size,
} from "./family.js";
import { docValues as keywordDocValues } from "./keyword.js";

function all(field: LeafField, matches: (constant: string) => boolean) {
  const constant = field.shard.constants.get(field.name);
  const n = size(field.shard);
  return constant !== undefined && matches(constant) ? fullSet(n) : emptySet(n);
}

export const queries: FamilyQueries = {
  term(field, value, _context, caseInsensitive) {
    const text = queryText(value);
    return all(field, (constant) =>
      caseInsensitive ? constant.toLowerCase() === text.toLowerCase() : constant === text,
    );
  },
  range(field, range) {
    return all(field, between(range, queryText, compareTerms));
  },
  pattern(field, regex) {
    return all(field, (constant) => regex.test(constant));
  },
};

export const docValues: FamilyDocValues = { ...keywordDocValues, constant: true };
