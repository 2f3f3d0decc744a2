/**
 * How Elasticsearch turns a source value into what a field indexes (coerced, or rejected as its
 * mapper_parsing_exception would), and a query value into the same domain.
 */
import type { FieldSpec } from "../catalog/types.js";
import { DacError } from "../errors.js";
import { DateParseError, parseDate, truncateToMillis } from "./dates.js";
import { type FieldFamily, fieldFamily, integerRange } from "./field-types.js";
import { parseIp } from "./ip.js";

export type IndexedValue = string | number | bigint;

/** A value that does not fit the field: the message Elasticsearch's mapper would give, without the context. */
export class ValueError extends DacError {
  constructor(message: string) {
    super("rejected", message);
  }
}

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === "number") return raw;
  if (typeof raw === "string") {
    const text = raw.trim();
    if (text === "") return undefined;
    if (!NUMBER_TEXT.test(text)) throw new ValueError(`For input string: "${raw}"`);
    return Number(text);
  }
  throw new ValueError(`Current token (${describe(raw)}) not numeric, can not use numeric value accessors`);
}

/** Half precision rounding (10-bit mantissa, round half to even), as HalfFloatPoint stores values. */
export function roundHalfFloat(x: number): number {
  const value = Math.fround(x);
  if (!Number.isFinite(value) || value === 0) return value;
  const sign = Math.sign(value);
  const abs = Math.abs(value);
  if (abs >= 65520) return sign * Number.POSITIVE_INFINITY;
  let exponent = Math.floor(Math.log2(abs));
  if (2 ** exponent > abs) exponent--;
  if (2 ** (exponent + 1) <= abs) exponent++;
  const quantum = 2 ** (Math.max(exponent, -14) - 10);
  const scaled = abs / quantum;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  return sign * rounded * quantum;
}

/** The stored value of a number in a numeric field of `spec`'s type (ES coerces, truncates or rounds). */
export function coerceNumber(value: number, spec: FieldSpec): number {
  const range = integerRange(spec.type);
  if (range) {
    if (!Number.isFinite(value) || value < range[0] || value > range[1]) {
      throw new ValueError(`Value [${value}] is out of range for ${article(spec.type)} ${spec.type}`);
    }
    return Math.trunc(value);
  }
  if (!Number.isFinite(value))
    throw new ValueError(`[${spec.type}] supports only finite values, but got [${value}]`);
  switch (spec.type) {
    case "float":
      return Math.fround(value);
    case "half_float":
      return roundHalfFloat(value);
    case "scaled_float": {
      const factor = spec.scalingFactor ?? 1;
      return Math.round(value * factor) / factor;
    }
    default:
      return value;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? "an" : "a";
}

function describe(raw: unknown): string {
  if (raw === true || raw === false) return `VALUE_${String(raw).toUpperCase()}`;
  if (typeof raw === "number") return "VALUE_NUMBER";
  if (typeof raw === "string") return "VALUE_STRING";
  return Array.isArray(raw) ? "START_ARRAY" : "START_OBJECT";
}

function scalarText(raw: unknown): string {
  if (typeof raw === "string") return raw;
  if (typeof raw === "number" || typeof raw === "boolean") return String(raw);
  throw new ValueError(`Can't get text on a ${describe(raw)}`);
}

/** ignore_above counts code points; a string no longer in UTF-16 units than the limit needs no counting. */
function isAboveLimit(text: string, limit: number | undefined): boolean {
  return limit !== undefined && text.length > limit && [...text].length > limit;
}

/** How a field turns a source value into what it indexes: undefined when Elasticsearch indexes nothing for it. */
export type ValueIndexer = (raw: unknown) => IndexedValue | undefined;

/**
 * The indexer of a field of `spec` (`kind`: the field family of `spec.type`, for callers that have it at
 * hand), with what the mapping decides (limit, format, precision) worked out once: indexing calls it for
 * every value of every document.
 */
export function valueIndexer(spec: FieldSpec, kind: FieldFamily = fieldFamily(spec.type)): ValueIndexer {
  switch (kind) {
    case "keyword": {
      const limit = spec.ignoreAbove;
      if (limit === undefined) return scalarText;
      return (raw) => {
        const text = scalarText(raw);
        return isAboveLimit(text, limit) ? undefined : text;
      };
    }
    case "text":
      return scalarText;
    case "number":
      return (raw) => {
        const value = toNumber(raw);
        return value === undefined ? undefined : coerceNumber(value, spec);
      };
    case "date": {
      const options = { format: spec.format };
      const millisOnly = spec.type === "date";
      return (raw) => {
        if (typeof raw !== "string" && typeof raw !== "number") {
          throw new ValueError(`failed to parse date field [${String(raw)}]`);
        }
        try {
          const millis = parseDate(typeof raw === "string" ? raw : String(raw), options);
          return millisOnly ? truncateToMillis(millis) : millis;
        } catch (error) {
          if (error instanceof DateParseError) throw new ValueError(error.message);
          throw error;
        }
      };
    }
    case "boolean":
      return (raw) => {
        if (raw === true || raw === "true") return 1;
        if (raw === false || raw === "false" || raw === "") return 0;
        throw new ValueError(`Failed to parse value [${String(raw)}] as only [true] or [false] are allowed.`);
      };
    case "ip":
      return (raw) => {
        const address = typeof raw === "string" ? parseIp(raw) : undefined;
        if (address === undefined) throw new ValueError(`'${String(raw)}' is not an IP string literal.`);
        return address;
      };
    default:
      return () => undefined;
  }
}

/**
 * Whether a field indexes a string source value exactly as it is (keyword without ignore_above, text): the
 * walk of a document then stores such values without calling the field's indexer.
 */
export function indexesStringsAsIs(spec: FieldSpec, kind: FieldFamily = fieldFamily(spec.type)): boolean {
  return kind === "text" || (kind === "keyword" && spec.ignoreAbove === undefined);
}

/** The value indexed for one source value (see `valueIndexer`, for many values of one field). */
export function indexValue(spec: FieldSpec, raw: unknown, kind?: FieldFamily): IndexedValue | undefined {
  return valueIndexer(spec, kind)(raw);
}

/** A query value parsed for a field of `spec` (keyword fields compare text), errors as Elasticsearch's 400s. */
export function parseQueryNumber(spec: FieldSpec, raw: unknown): number {
  if (typeof raw === "boolean") throw new ValueError(`For input string: "${raw}"`);
  const text = String(raw).trim();
  if (!NUMBER_TEXT.test(text)) throw new ValueError(`For input string: "${String(raw)}"`);
  const value = Number(text);
  const range = integerRange(spec.type);
  if (range && (value < range[0] || value > range[1])) {
    throw new ValueError(`Value [${text}] is out of range for ${article(spec.type)} ${spec.type}`);
  }
  return value;
}

export function parseQueryBoolean(raw: unknown): number {
  if (raw === true || raw === "true") return 1;
  // Unlike indexing, a query's "" is not false: Elasticsearch rejects it.
  if (raw === false || raw === "false") return 0;
  throw new ValueError(`Can't parse boolean value [${String(raw)}], expected [true] or [false]`);
}
