/**
 * Leaf queries on one field of one shard, with the semantics Elasticsearch gives each mapping type:
 * term (exact indexed value), match / match_phrase (analysed for text), range, exists, wildcard, prefix.
 */
import { DateParseError } from "../../../semantics/dates.js";
import { fieldFamily } from "../../../semantics/field-types.js";
import { ValueError } from "../../../semantics/values.js";
import { dateBounds } from "../families/date.js";
import { type Bound, type FamilyQueries, type LeafField, type RangeQuery, size } from "../families/family.js";
import { familyOf } from "../families/index.js";
import { type DocSet, emptySet, fullSet, or } from "../index/bitset.js";
import { docsWithValues, numericExtent } from "../index/field-index.js";
import { resolveField, type Shard } from "../index/shard.js";
import { type QueryContext, QueryError } from "../request.js";

function wrapValueError<T>(field: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof ValueError || error instanceof DateParseError) {
      throw new QueryError(`failed to create query on field [${field}]: ${error.message}`);
    }
    throw error;
  }
}

/** term query: the exact indexed value (no analysis; dates cover the precision of the given value). */
export function termQuery(
  shard: Shard,
  fieldName: string,
  value: unknown,
  context: QueryContext,
  caseInsensitive = false,
): DocSet {
  return onFamily(shard, fieldName, "term", (queries, field) =>
    queries.term(field, value, context, caseInsensitive),
  );
}

/** Runs a leaf query through the field's family; unmapped fields match nothing. */
function onFamily(
  shard: Shard,
  fieldName: string,
  queryName: string,
  query: (queries: FamilyQueries, field: LeafField) => DocSet,
): DocSet {
  const field = leafField(shard, fieldName);
  if (!field) return emptySet(size(shard));
  const family = familyOf(field.spec.type);
  if (!family)
    throw new QueryError(
      `field [${fieldName}] of type [${field.spec.type}] does not support ${queryName} queries`,
    );
  return wrapValueError(fieldName, () => query(family.queries, field));
}

/** The field as leaf queries read it; undefined when the shard does not map it. */
function leafField(shard: Shard, name: string): LeafField | undefined {
  const resolved = resolveField(shard, name);
  return resolved && { shard, name, spec: resolved.spec, index: resolved.index };
}

export interface MatchOptions {
  operator?: "or" | "and";
  lenient?: boolean;
  phrase?: boolean;
}

/** match / match_phrase: text fields analyse the query; other types compare the whole value as a term. */
export function matchQuery(
  shard: Shard,
  fieldName: string,
  value: unknown,
  context: QueryContext,
  options: MatchOptions = {},
): DocSet {
  const field = leafField(shard, fieldName);
  if (!field) return emptySet(size(shard));
  if (value === null || (typeof value === "object" && value !== undefined)) {
    throw new QueryError(`[match] unknown token [${Array.isArray(value) ? "START_ARRAY" : "START_OBJECT"}]`);
  }
  const match = familyOf(field.spec.type)?.queries.match;
  if (match) return match(field, String(value), options);
  try {
    return termQuery(shard, fieldName, value, context);
  } catch (error) {
    if (options.lenient && error instanceof QueryError) return emptySet(size(shard));
    throw error;
  }
}

export interface RangeBounds {
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
  format?: string;
  time_zone?: string;
}

function bounds(range: RangeBounds): { lower: Bound; upper: Bound } {
  const lower =
    range.gt !== undefined && range.gt !== null
      ? { value: range.gt, inclusive: false }
      : range.gte !== undefined && range.gte !== null
        ? { value: range.gte, inclusive: true }
        : undefined;
  const upper =
    range.lt !== undefined && range.lt !== null
      ? { value: range.lt, inclusive: false }
      : range.lte !== undefined && range.lte !== null
        ? { value: range.lte, inclusive: true }
        : undefined;
  return { lower, upper };
}

function rangeOf(range: RangeBounds, context: QueryContext): RangeQuery {
  return { ...bounds(range), format: range.format, time_zone: range.time_zone, context };
}

/** range query: numeric/date/ip compare values, keyword compares terms in UTF-8 order, text compares tokens. */
export function rangeQuery(
  shard: Shard,
  fieldName: string,
  range: RangeBounds,
  context: QueryContext,
): DocSet {
  return onFamily(shard, fieldName, "range", (queries, field) =>
    queries.range(field, rangeOf(range, context)),
  );
}

/**
 * Whether Elasticsearch's per-shard rewrite proves a date range empty (`DateFieldType.isFieldWithinQuery`):
 * the field has no values here, or all of them lie outside the bounds. Once the field has values the bounds
 * are parsed, so an unparsable bound fails the search here, even where another clause makes the bool match
 * nothing.
 */
export function dateRangeIsDisjoint(
  shard: Shard,
  fieldName: string,
  range: RangeBounds,
  context: QueryContext,
): boolean {
  const field = resolveField(shard, fieldName);
  if (!field || fieldFamily(field.spec.type) !== "date") return false;
  const extent = numericExtent(field.index);
  if (!extent) return true;
  const query = rangeOf(range, context);
  return wrapValueError(fieldName, () => {
    const { lo, hi } = dateBounds(field.spec, query);
    const { min, max } = extent;
    const belowAll = hi !== undefined && (query.upper?.inclusive ? min > hi : min >= hi);
    const aboveAll = lo !== undefined && (query.lower?.inclusive ? max < lo : max <= lo);
    return belowAll || aboveAll;
  });
}

/** exists: at least one indexed value; an object name matches when any field under it does. */
export function existsQuery(shard: Shard, fieldName: string): DocSet {
  const n = size(shard);
  if (fieldName.includes("*")) return existsPattern(shard, fieldName);
  const field = resolveField(shard, fieldName);
  if (field && fieldFamily(field.spec.type) === "constant_keyword") {
    return shard.constants.has(fieldName) ? fullSet(n) : emptySet(n);
  }
  if (field && fieldFamily(field.spec.type) !== "object") return docsWithValues(n, field.index);
  const set = emptySet(n);
  if (!shard.mapping.isObject(fieldName)) return set;
  const prefix = `${fieldName}.`;
  for (const [name, index] of shard.fields) {
    if (name.startsWith(prefix) && !index.spec.parent) or(set, docsWithValues(n, index));
  }
  for (const name of shard.constants.keys()) if (name.startsWith(prefix)) return fullSet(n);
  return set;
}

/** exists on a field-name pattern: any mapped field whose name matches (as Elasticsearch expands it). */
function existsPattern(shard: Shard, pattern: string): DocSet {
  const regex = wildcardRegExp(pattern, false);
  const set = emptySet(size(shard));
  for (const spec of shard.mapping.fields()) {
    if (regex.test(spec.name) && resolveField(shard, spec.name)) or(set, existsQuery(shard, spec.name));
  }
  return set;
}

/** Lucene wildcard syntax: `*` any run, `?` one code point, `\` escapes the next character. */
export function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = "";
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (char === "\\" && i + 1 < chars.length) source += escapeRegExp(chars[++i]);
    else if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "isu" : "su");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** wildcard / prefix on keyword-like and text fields (whole term); other types are refused like Elasticsearch. */
export function patternQuery(shard: Shard, fieldName: string, regex: RegExp, queryName: string): DocSet {
  const field = leafField(shard, fieldName);
  if (!field) return emptySet(size(shard));
  const pattern = familyOf(field.spec.type)?.queries.pattern;
  if (!pattern) {
    throw new QueryError(
      `Can only use ${queryName} queries on keyword and text fields - not on [${fieldName}] which is of type [${field.spec.type}]`,
    );
  }
  return pattern(field, regex);
}
