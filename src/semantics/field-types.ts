/**
 * Elasticsearch's field types, once for the catalog, validation and both engines: each type belongs to a
 * family (how its values are held, queried and sorted) and says whether it has doc values by default
 * (aggregatable, sortable). Engines build on the family; nothing else lists type names.
 */

/**
 * How values of a field are held and compared: strings (keyword-like, term-level queries), analysed text,
 * numbers, dates (epoch milliseconds), booleans (0/1) and ips (128-bit numbers).
 */
export type ValueFamily = "keyword" | "text" | "number" | "date" | "boolean" | "ip";

/** A value family, or a type that is not one: a single value per index, a container, or unknown to dac. */
export type FieldFamily =
  | ValueFamily
  | "constant_keyword"
  | "object"
  | "nested"
  | "flattened"
  | "unsupported";

interface FieldTypeTraits {
  family: FieldFamily;
  /** Doc values by default: usable in aggregations (new_terms, threshold) and sorts. */
  docValues: boolean;
}

/** Integer types and the values they hold (Java's ranges; unsigned_long as far as a double reaches). */
const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-(2 ** 31), 2 ** 31 - 1],
  long: [-(2 ** 63), 2 ** 63 - 1],
  unsigned_long: [0, 2 ** 64 - 1],
};

const FLOAT_TYPES = new Set(["double", "float", "half_float", "scaled_float"]);

const TRAITS: Readonly<Record<string, FieldTypeTraits>> = {
  keyword: { family: "keyword", docValues: true },
  wildcard: { family: "keyword", docValues: true },
  // Versions take term-level queries on their text, as keywords do.
  version: { family: "keyword", docValues: true },
  constant_keyword: { family: "constant_keyword", docValues: true },
  text: { family: "text", docValues: false },
  match_only_text: { family: "text", docValues: false },
  ...Object.fromEntries(
    [...Object.keys(INTEGER_RANGES), ...FLOAT_TYPES].map((type) => [
      type,
      { family: "number", docValues: true },
    ]),
  ),
  date: { family: "date", docValues: true },
  date_nanos: { family: "date", docValues: true },
  boolean: { family: "boolean", docValues: true },
  ip: { family: "ip", docValues: true },
  flattened: { family: "flattened", docValues: true },
  object: { family: "object", docValues: false },
  nested: { family: "nested", docValues: false },
  geo_point: { family: "unsupported", docValues: true },
};

const UNKNOWN: FieldTypeTraits = { family: "unsupported", docValues: false };

function traitsOf(type: string): FieldTypeTraits {
  return TRAITS[type] ?? UNKNOWN;
}

export function fieldFamily(type: string): FieldFamily {
  return traitsOf(type).family;
}

export function isTextFamily(type: string): boolean {
  return fieldFamily(type) === "text";
}

export function isIntegerType(type: string): boolean {
  return type in INTEGER_RANGES;
}

export function integerRange(type: string): readonly [number, number] | undefined {
  return INTEGER_RANGES[type];
}

export function isFloatType(type: string): boolean {
  return FLOAT_TYPES.has(type);
}

export function isNumericType(type: string): boolean {
  return fieldFamily(type) === "number";
}

export function isDateType(type: string): boolean {
  return fieldFamily(type) === "date";
}

/** Object-like types hold sub-fields rather than values (`group` is fields.yml's name for an object). */
export function isContainerType(type: string): boolean {
  return type === "object" || type === "nested" || type === "group";
}

/** Whether a field of this type has doc values unless its mapping turns them off. */
export function hasDocValues(type: string): boolean {
  return traitsOf(type).docValues;
}

/** Whether a field of this type can be aggregated, given its doc_values setting. */
export function isAggregatable(type: string, docValues = true): boolean {
  return docValues && hasDocValues(type);
}
