/** Families of Elasticsearch field types, as far as validation and search semantics care. */

const KEYWORD_FAMILY = new Set(["keyword", "constant_keyword", "wildcard"]);
const TEXT_FAMILY = new Set(["text", "match_only_text"]);
const INTEGER_TYPES = new Set(["long", "integer", "short", "byte", "unsigned_long"]);
const FLOAT_TYPES = new Set(["double", "float", "half_float", "scaled_float"]);
const DATE_TYPES = new Set(["date", "date_nanos"]);
/** Types with doc values by default, i.e. usable in terms aggregations (new_terms, threshold). */
const AGGREGATABLE_TYPES = new Set([
  ...KEYWORD_FAMILY,
  ...INTEGER_TYPES,
  ...FLOAT_TYPES,
  ...DATE_TYPES,
  "ip",
  "boolean",
  "geo_point",
  "flattened",
  "version",
]);

export function isKeywordFamily(type: string): boolean {
  return KEYWORD_FAMILY.has(type);
}

export function isTextFamily(type: string): boolean {
  return TEXT_FAMILY.has(type);
}

export function isIntegerType(type: string): boolean {
  return INTEGER_TYPES.has(type);
}

export function isFloatType(type: string): boolean {
  return FLOAT_TYPES.has(type);
}

export function isNumericType(type: string): boolean {
  return INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type);
}

export function isDateType(type: string): boolean {
  return DATE_TYPES.has(type);
}

/** Object-like types hold sub-fields rather than values. */
export function isContainerType(type: string): boolean {
  return type === "object" || type === "nested" || type === "group";
}

/** Whether a field of this type can be aggregated, given its doc_values setting. */
export function isAggregatable(type: string, docValues = true): boolean {
  return docValues && AGGREGATABLE_TYPES.has(type);
}
