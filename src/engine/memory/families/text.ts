/**
 * text and match_only_text fields: the standard analyzer's tokens are the terms; match analyses the query
 * (any token, or all with `operator: and`), match_phrase wants the tokens at consecutive positions. There
 * are no doc values.
 */
import { analyze, analyzeTerms } from "../analysis/analyzer.js";
import { type DocSet, emptySet, fullSet } from "../index/bitset.js";
import { postingsOf, tokensAt } from "../index/field-index.js";
import { type FamilyDocValues, type FamilyQueries, type LeafField, postingsSet, size } from "./family.js";
import { queries as keywordQueries } from "./keyword.js";

/** Every token of the phrase at consecutive positions (slop 0). */
function phrase(field: LeafField, text: string): DocSet {
  const { index } = field;
  const tokens = analyze([text]);
  if (tokens.length === 0) return emptySet(size(field.shard));
  if (tokens.length === 1 || !index) return postingsSet(field, [tokens[0].term]);
  const set = emptySet(size(field.shard));
  const offsets = tokens.map((token) => token.position - tokens[0].position);
  for (const doc of postingsOf(index, tokens[0].term)) {
    const docTokens = tokensAt(index, doc);
    const at = new Map<number, string>();
    for (const token of docTokens) at.set(token.position, token.term);
    const found = docTokens.some(
      (start) =>
        start.term === tokens[0].term &&
        tokens.every((token, i) => at.get(start.position + offsets[i]) === token.term),
    );
    if (found) set[doc] = 1;
  }
  return set;
}

export const queries: FamilyQueries = {
  term: keywordQueries.term,
  range: keywordQueries.range,
  pattern: keywordQueries.pattern,
  match(field, text, options) {
    if (options.phrase) return phrase(field, text);
    const terms = analyzeTerms(text);
    if (terms.length === 0) return emptySet(size(field.shard));
    if (options.operator !== "and") return postingsSet(field, terms);
    const set = fullSet(size(field.shard));
    for (const term of new Set(terms)) {
      const docs = postingsSet(field, [term]);
      for (let i = 0; i < set.length; i++) set[i] &= docs[i];
    }
    return set;
  },
};

/** Text fields have no doc values: aggregations and sorts on them are refused (field data is off). */
export const docValues: FamilyDocValues | undefined = undefined;
