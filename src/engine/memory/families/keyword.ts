/**
 * keyword, wildcard and version fields: whole strings as terms, compared in UTF-8 byte order; case-insensitive
 * term queries compare lower-cased terms.
 */
import type { DocSet } from "../index/bitset.js";
import { compareTerms } from "../index/field-index.js";
import {
  between,
  type FamilyDocValues,
  type FamilyQueries,
  type LeafField,
  matchingTerms,
  postingsSet,
  queryText,
  type RangeQuery,
} from "./family.js";

export const queries: FamilyQueries = {
  term(field: LeafField, value: unknown, _context, caseInsensitive: boolean): DocSet {
    const text = queryText(value);
    if (!caseInsensitive) return postingsSet(field, [text]);
    const lower = text.toLowerCase();
    return postingsSet(
      field,
      matchingTerms(field.index, (term) => term.toLowerCase() === lower),
    );
  },
  range(field: LeafField, range: RangeQuery): DocSet {
    return postingsSet(field, matchingTerms(field.index, between(range, queryText, compareTerms)));
  },
  pattern(field: LeafField, regex: RegExp): DocSet {
    return postingsSet(
      field,
      matchingTerms(field.index, (term) => regex.test(term)),
    );
  },
};

export const docValues: FamilyDocValues = {
  kind: "keyword",
  bucketKey: (value) => ({ key: value }),
  compositeKey: (value) => value,
  parseRequestValue: (value) => String(value),
  sortValue: (value) => value,
  missingSortValue: () => null,
};
