/**
 * Field types a cluster may lack (a node built from the server jar has no x-pack mapper plugins and no
 * mapper-extras module) and the core type that answers every query dac sends identically.
 *
 * dac's searches: KQL without a field list (match, match_phrase, query_string with wildcards, range,
 * exists, multi_match), Lucene query_string, term filters, and terms/composite/min/max/cardinality/
 * top_hits aggregations. Scoring is never compared. A substitution is listed only when every one of
 * these gives the same hits and buckets on both types:
 *
 * - match_only_text → text. Both use the standard analyzer and index the same terms; match_only_text
 *   drops positions and norms and verifies phrase queries against _source, which changes scores only.
 *   exists matches any non-null value on both (norms on text, _field_names on match_only_text, both
 *   written for "" too). Neither aggregates or sorts.
 * - wildcard → keyword (with the spec's ignore_above, none by default as on wildcard). Both index the
 *   whole value unanalysed: term/match are exact and case-sensitive, query_string wildcards, prefix,
 *   regexp, fuzzy and ranges compare the raw value, doc values hold the same string for terms, sort,
 *   cardinality. (wildcard's n-gram index is only an accelerator; matches are verified on the value.)
 * - constant_keyword → keyword with the constant added to every document of the index that lacks it.
 *   constant_keyword answers every query by testing its one value, so term/match/wildcard/prefix/range/
 *   exists match all documents or none; a keyword field holding that value in every document does the
 *   same, and terms aggregations count every document under it. What keyword alone would not do is
 *   reject a document with another value: the engine checks that itself, with Elasticsearch's message.
 *   The added value is removed from the _source of every hit, so documents come back as written.
 *   When the mapping gives no value, the first document that has one fixes it (as Elasticsearch does)
 *   and documents indexed earlier are indexed again with it.
 *
 * Every other missing type (flattened, scaled_float, unsigned_long, version, ...) has no equivalent: a
 * field of such a type is left out of the mapping while no document has a value for it (a field nobody
 * has a value for answers every query like an unmapped field), and a document that has one is refused
 * with a message naming the field and the missing type.
 */

/** Whether the cluster has a (non-core) field type. */
export type FieldTypeSupport = (type: string) => boolean;

export interface Substitution {
  from: string;
  to: string;
  /** One line for the test output. */
  notice: string;
}

const SUBSTITUTIONS: Record<string, Substitution> = {
  match_only_text: {
    from: "match_only_text",
    to: "text",
    notice: "match_only_text → text (same analyzer and terms; only scores differ)",
  },
  wildcard: {
    from: "wildcard",
    to: "keyword",
    notice: "wildcard → keyword (both match the whole, unanalysed value)",
  },
  constant_keyword: {
    from: "constant_keyword",
    to: "keyword",
    notice:
      "constant_keyword → keyword with the constant added to every document of the index (removed from hits)",
  },
};

export function substitutionFor(type: string): Substitution | undefined {
  return SUBSTITUTIONS[type];
}
