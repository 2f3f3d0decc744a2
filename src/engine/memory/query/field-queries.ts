/**
 * Leaf queries on one field of one shard, with the semantics Elasticsearch gives each mapping type:
 * term (exact indexed value), match / match_phrase (analysed for text), range, exists, wildcard, prefix.
 */
import type { FieldSpec } from "../../../catalog/types.js";
import {
  DateParseError,
  parseDateMath,
  parseTimeZone,
  type TimeZone,
  truncateToMillis,
} from "../../../semantics/dates.js";
import { fieldFamily, isIntegerType } from "../../../semantics/field-types.js";
import { parseCidr, parseIp } from "../../../semantics/ip.js";
import {
  coerceNumber,
  type IndexedValue,
  parseQueryBoolean,
  parseQueryNumber,
  roundHalfFloat,
  ValueError,
} from "../../../semantics/values.js";
import { analyze, analyzeTerms } from "../analysis/analyzer.js";
import { type DocSet, emptySet, fullSet, or } from "../index/bitset.js";
import {
  compareTerms,
  docsWhere,
  docsWithValues,
  numericExtent,
  postingsOf,
  termsOf,
  tokensAt,
} from "../index/field-index.js";
import { type FieldIndex, type ResolvedField, resolveField, type Shard } from "../index/shard.js";
import { type QueryContext, QueryError } from "../request.js";

function size(shard: Shard): number {
  return shard.docs.length;
}

function postingsSet(shard: Shard, index: FieldIndex | undefined, terms: Iterable<IndexedValue>): DocSet {
  const set = emptySet(size(shard));
  if (!index) return set;
  for (const term of terms) {
    for (const doc of postingsOf(index, term)) set[doc] = 1;
  }
  return set;
}

function matchingTerms(index: FieldIndex | undefined, test: (term: string) => boolean): string[] {
  if (!index) return [];
  return [...termsOf(index)].filter((term): term is string => typeof term === "string" && test(term));
}

function queryText(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  throw new QueryError(
    `[term] query does not support a value of type [${value === null ? "null" : typeof value}]`,
  );
}

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

/** The query value as the field's indexed value (numbers rounded to the field's precision). */
function numericTerm(spec: FieldSpec, value: unknown): number {
  const number = parseQueryNumber(spec, value);
  return isIntegerType(spec.type) ? number : coerceNumber(number, spec);
}

function ipSet(shard: Shard, field: ResolvedField, value: unknown): DocSet {
  const text = queryText(value);
  const cidr = parseCidr(text);
  if (cidr) {
    return docsWhere(size(shard), field.index, (v) => (v as bigint) >= cidr.from && (v as bigint) <= cidr.to);
  }
  const address = parseIp(text);
  if (address === undefined) throw new ValueError(`'${text}' is not an IP string literal.`);
  return docsWhere(size(shard), field.index, (v) => v === address);
}

/** term query: the exact indexed value (no analysis; dates cover the precision of the given value). */
export function termQuery(
  shard: Shard,
  fieldName: string,
  value: unknown,
  context: QueryContext,
  caseInsensitive = false,
): DocSet {
  const field = resolveField(shard, fieldName);
  if (!field) return emptySet(size(shard));
  return wrapValueError(fieldName, () => {
    const { spec, index } = field;
    switch (fieldFamily(spec.type)) {
      case "keyword":
      case "text": {
        const text = queryText(value);
        if (!caseInsensitive) return postingsSet(shard, index, [text]);
        const lower = text.toLowerCase();
        return postingsSet(
          shard,
          index,
          matchingTerms(index, (term) => term.toLowerCase() === lower),
        );
      }
      case "constant_keyword": {
        const constant = shard.constants.get(fieldName);
        const text = queryText(value);
        const equal = caseInsensitive ? constant?.toLowerCase() === text.toLowerCase() : constant === text;
        return equal ? fullSet(size(shard)) : emptySet(size(shard));
      }
      case "number": {
        const number = numericTerm(spec, value);
        return docsWhere(size(shard), index, (v) => v === number);
      }
      case "boolean":
        return postingsSet(shard, index, [parseQueryBoolean(value)]);
      case "ip":
        return ipSet(shard, field, value);
      case "date":
        return rangeQuery(shard, fieldName, { gte: value, lte: value }, context);
      default:
        throw new QueryError(`field [${fieldName}] of type [${spec.type}] does not support term queries`);
    }
  });
}

export interface MatchOptions {
  operator?: "or" | "and";
  lenient?: boolean;
  phrase?: boolean;
}

function isTextField(spec: FieldSpec): boolean {
  return fieldFamily(spec.type) === "text";
}

/** match / match_phrase: text fields analyse the query; other types compare the whole value as a term. */
export function matchQuery(
  shard: Shard,
  fieldName: string,
  value: unknown,
  context: QueryContext,
  options: MatchOptions = {},
): DocSet {
  const field = resolveField(shard, fieldName);
  if (!field) return emptySet(size(shard));
  if (value === null || (typeof value === "object" && value !== undefined)) {
    throw new QueryError(`[match] unknown token [${Array.isArray(value) ? "START_ARRAY" : "START_OBJECT"}]`);
  }
  if (!isTextField(field.spec)) {
    try {
      return termQuery(shard, fieldName, value, context);
    } catch (error) {
      if (options.lenient && error instanceof QueryError) return emptySet(size(shard));
      throw error;
    }
  }
  const text = String(value);
  if (options.phrase) return phraseQuery(shard, field.index, text);
  const terms = analyzeTerms(text);
  if (terms.length === 0) return emptySet(size(shard));
  if (options.operator !== "and") return postingsSet(shard, field.index, terms);
  const set = fullSet(size(shard));
  for (const term of new Set(terms)) {
    const docs = postingsSet(shard, field.index, [term]);
    for (let i = 0; i < set.length; i++) set[i] &= docs[i];
  }
  return set;
}

/** Every token of the phrase at consecutive positions (slop 0). */
function phraseQuery(shard: Shard, index: FieldIndex | undefined, text: string): DocSet {
  const tokens = analyze([text]);
  if (tokens.length === 0) return emptySet(size(shard));
  if (tokens.length === 1 || !index) return postingsSet(shard, index, [tokens[0].term]);
  const set = emptySet(size(shard));
  const candidates = postingsOf(index, tokens[0].term);
  const offsets = tokens.map((token) => token.position - tokens[0].position);
  for (const doc of candidates) {
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

export interface RangeBounds {
  gt?: unknown;
  gte?: unknown;
  lt?: unknown;
  lte?: unknown;
  format?: string;
  time_zone?: string;
}

type Bound = { value: unknown; inclusive: boolean } | undefined;

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

function inRange<T>(
  value: T,
  lower: T | undefined,
  lowerInc: boolean,
  upper: T | undefined,
  upperInc: boolean,
  compare: (a: T, b: T) => number,
): boolean {
  if (lower !== undefined) {
    const c = compare(value, lower);
    if (c < 0 || (c === 0 && !lowerInc)) return false;
  }
  if (upper !== undefined) {
    const c = compare(value, upper);
    if (c > 0 || (c === 0 && !upperInc)) return false;
  }
  return true;
}

const compareNumbers = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);
const compareBigints = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

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

function dateBound(
  bound: Bound,
  roundUpIfExclusive: boolean,
  spec: FieldSpec,
  range: RangeBounds,
  context: QueryContext,
  zone: TimeZone | undefined,
): number | undefined {
  if (!bound) return undefined;
  const roundUp = roundUpIfExclusive ? !bound.inclusive : bound.inclusive;
  if (typeof bound.value === "number") return bound.value;
  const millis = parseDateMath(queryText(bound.value), {
    now: context.now,
    roundUp,
    timeZone: zone,
    format: range.format ?? spec.format,
  });
  return spec.type === "date" ? truncateToMillis(millis) : millis;
}

/** range query: numeric/date/ip compare values, keyword compares terms in UTF-8 order, text compares tokens. */
export function rangeQuery(
  shard: Shard,
  fieldName: string,
  range: RangeBounds,
  context: QueryContext,
): DocSet {
  const field = resolveField(shard, fieldName);
  if (!field) return emptySet(size(shard));
  const { spec, index } = field;
  const { lower, upper } = bounds(range);
  const n = size(shard);
  return wrapValueError(fieldName, () => {
    switch (fieldFamily(spec.type)) {
      case "keyword":
      case "text": {
        const lo = lower ? queryText(lower.value) : undefined;
        const hi = upper ? queryText(upper.value) : undefined;
        const test = (term: string) =>
          inRange(term, lo, lower?.inclusive ?? true, hi, upper?.inclusive ?? true, compareTerms);
        return postingsSet(shard, index, matchingTerms(index, test));
      }
      case "constant_keyword": {
        const constant = shard.constants.get(fieldName);
        const lo = lower ? queryText(lower.value) : undefined;
        const hi = upper ? queryText(upper.value) : undefined;
        const hit =
          constant !== undefined &&
          inRange(constant, lo, lower?.inclusive ?? true, hi, upper?.inclusive ?? true, compareTerms);
        return hit ? fullSet(n) : emptySet(n);
      }
      case "number": {
        if (spec.type === "scaled_float") {
          const test = scaledRange(spec, lower, upper);
          return docsWhere(n, index, (v) => test(v as number));
        }
        const lo = lower ? numericBound(spec, lower.value) : undefined;
        const hi = upper ? numericBound(spec, upper.value) : undefined;
        return docsWhere(n, index, (v) =>
          inRange(v as number, lo, lower?.inclusive ?? true, hi, upper?.inclusive ?? true, compareNumbers),
        );
      }
      case "boolean": {
        const lo = lower ? parseQueryBoolean(lower.value) : undefined;
        const hi = upper ? parseQueryBoolean(upper.value) : undefined;
        return docsWhere(n, index, (v) =>
          inRange(v as number, lo, lower?.inclusive ?? true, hi, upper?.inclusive ?? true, compareNumbers),
        );
      }
      case "date": {
        const zone = range.time_zone ? parseTimeZone(range.time_zone) : undefined;
        const lo = dateBound(lower, true, spec, range, context, zone);
        const hi = dateBound(upper, false, spec, range, context, zone);
        return docsWhere(n, index, (v) =>
          inRange(v as number, lo, lower?.inclusive ?? true, hi, upper?.inclusive ?? true, compareNumbers),
        );
      }
      case "ip": {
        const parse = (bound: Bound) => {
          if (!bound) return undefined;
          const address = parseIp(queryText(bound.value));
          if (address === undefined)
            throw new ValueError(`'${String(bound.value)}' is not an IP string literal.`);
          return address;
        };
        const lo = parse(lower);
        const hi = parse(upper);
        return docsWhere(n, index, (v) =>
          inRange(v as bigint, lo, lower?.inclusive ?? true, hi, upper?.inclusive ?? true, compareBigints),
        );
      }
      default:
        throw new QueryError(`field [${fieldName}] of type [${spec.type}] does not support range queries`);
    }
  });
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
  const { lower, upper } = bounds(range);
  return wrapValueError(fieldName, () => {
    const zone = range.time_zone ? parseTimeZone(range.time_zone) : undefined;
    const lo = dateBound(lower, true, field.spec, range, context, zone);
    const hi = dateBound(upper, false, field.spec, range, context, zone);
    const { min, max } = extent;
    const belowAll = hi !== undefined && (upper?.inclusive ? min > hi : min >= hi);
    const aboveAll = lo !== undefined && (lower?.inclusive ? max < lo : max <= lo);
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
  const n = size(shard);
  const field = resolveField(shard, fieldName);
  if (!field) return emptySet(n);
  switch (fieldFamily(field.spec.type)) {
    case "keyword":
    case "text":
      return postingsSet(
        shard,
        field.index,
        matchingTerms(field.index, (term) => regex.test(term)),
      );
    case "constant_keyword": {
      const constant = shard.constants.get(fieldName);
      return constant !== undefined && regex.test(constant) ? fullSet(n) : emptySet(n);
    }
    default:
      throw new QueryError(
        `Can only use ${queryName} queries on keyword and text fields - not on [${fieldName}] which is of type [${field.spec.type}]`,
      );
  }
}
