/**
 * Implementations of ES|QL's scalar functions, by registry name (src/esql/functions.ts holds their signatures).
 * `single` functions get one value per argument (the caller returns null for null or multi-valued input, with the
 * warning); `multiValued` functions get whole cells and decide themselves.
 */

import { formatDate, parseDate } from "../../semantics/dates.js";
import { formatIp, parseCidr, parseIp } from "../../semantics/ip.js";
import { TIME_UNIT_BY_NAME } from "../time-units.js";
import { EvaluationFailure } from "./errors.js";
import { javaRegExp } from "./patterns.js";
import {
  type Cell,
  cellOf,
  compareScalars,
  type DataType,
  isSpan,
  type Scalar,
  type Span,
  spanText,
  valuesOf,
} from "./values.js";

export interface ScalarContext {
  now: number;
  zoneOffset: (millis: number) => number;
  /** Argument types, in order. */
  types: DataType[];
  /** The result type. */
  type: DataType;
}

export type ScalarFunction =
  | { multiValued?: false; apply: (values: Scalar[], context: ScalarContext) => Cell }
  | { multiValued: true; apply: (cells: Cell[], context: ScalarContext) => Cell };

const single = (apply: (values: Scalar[], context: ScalarContext) => Cell): ScalarFunction => ({ apply });
const multi = (apply: (cells: Cell[], context: ScalarContext) => Cell): ScalarFunction => ({
  multiValued: true,
  apply,
});
/** A multi-value function of its first argument: null in, null out. */
const mv = (apply: (values: Scalar[], rest: Cell[], context: ScalarContext) => Cell): ScalarFunction =>
  multi((cells, context) => (cells[0] === null ? null : apply(valuesOf(cells[0]), cells.slice(1), context)));

const str = (value: Scalar) => String(value);
const codePoints = (text: string) => [...text];
const fail = (message: string): never => {
  throw new EvaluationFailure(message);
};

export const SCALARS: Record<string, ScalarFunction> = {
  case: multi((cells) => {
    for (let i = 0; i + 1 < cells.length; i += 2) {
      if (cells[i] === true) return cells[i + 1];
    }
    return cells.length % 2 === 1 ? cells[cells.length - 1] : null;
  }),
  coalesce: multi((cells) => cells.find((cell) => cell !== null) ?? null),
  greatest: multi((cells, { type }) => extreme(cells, type, 1)),
  least: multi((cells, { type }) => extreme(cells, type, -1)),

  date_trunc: single(([interval, date], { zoneOffset }) =>
    truncateDate(date as number, spanArgument(interval), zoneOffset),
  ),
  date_diff: single(([unit, start, end]) => dateDiff(str(unit), start as number, end as number)),
  date_extract: single(([part, date], { zoneOffset }) => dateExtract(str(part), date as number, zoneOffset)),
  date_format: single((values, { types }) => {
    const [format, date] = values.length === 1 ? [undefined, values[0]] : values;
    if (values.length === 1 && types[0] !== "date" && types[0] !== "date_nanos") return null;
    return format === undefined ? formatDate(date as number) : formatJavaDate(str(format), date as number);
  }),
  date_parse: single((values) => {
    const text = str(values[values.length - 1]);
    try {
      return parseDate(text, values.length === 2 ? { format: javaToEsFormat(str(values[0])) } : {});
    } catch (error) {
      return fail(`java.lang.IllegalArgumentException: ${(error as Error).message}`);
    }
  }),

  to_lower: mv((values) => cellOf(values.map((value) => str(value).toLowerCase()))),
  to_upper: mv((values) => cellOf(values.map((value) => str(value).toUpperCase()))),
  length: single(([text]) => codePoints(str(text)).length),
  bit_length: single(([text]) => Buffer.byteLength(str(text)) * 8),
  byte_length: single(([text]) => Buffer.byteLength(str(text))),
  concat: single((values) => values.map(str).join("")),
  replace: single(([text, regex, replacement]) => {
    const pattern = javaRegExp(str(regex), "g");
    return str(text).replace(pattern, str(replacement).replace(/\$\{(\w+)\}/g, "$<$1>"));
  }),
  substring: single(([text, start, length]) => {
    const chars = codePoints(str(text));
    const from =
      (start as number) < 0
        ? Math.max(chars.length + (start as number), 0)
        : Math.max((start as number) - 1, 0);
    const to = length === undefined ? chars.length : from + Math.max(length as number, 0);
    return chars.slice(from, to).join("");
  }),
  left: single(([text, length]) =>
    codePoints(str(text))
      .slice(0, Math.max(length as number, 0))
      .join(""),
  ),
  right: single(([text, length]) => {
    const chars = codePoints(str(text));
    return chars.slice(Math.max(chars.length - (length as number), 0)).join("");
  }),
  trim: single(([text]) => str(text).trim()),
  ltrim: single(([text]) => str(text).trimStart()),
  rtrim: single(([text]) => str(text).trimEnd()),
  starts_with: single(([text, prefix]) => str(text).startsWith(str(prefix))),
  ends_with: single(([text, suffix]) => str(text).endsWith(str(suffix))),
  contains: single(([text, part]) => str(text).includes(str(part))),
  locate: single(([text, part, start]) => {
    const chars = codePoints(str(text));
    const needle = codePoints(str(part));
    const from = start === undefined ? 0 : Math.max((start as number) - 1, 0);
    for (let i = from; i + needle.length <= chars.length; i++) {
      if (needle.every((ch, j) => chars[i + j] === ch)) return i + 1;
    }
    return 0;
  }),
  split: single(([text, delimiter]) => cellOf(str(text).split(str(delimiter)))),
  space: single(([count]) => " ".repeat(Math.max(count as number, 0))),
  repeat: single(([text, count]) => {
    if ((count as number) < 0)
      fail("java.lang.IllegalArgumentException: Number parameter cannot be negative");
    return str(text).repeat(count as number);
  }),
  reverse: single(([text]) =>
    [...new Intl.Segmenter().segment(str(text))]
      .map((s) => s.segment)
      .reverse()
      .join(""),
  ),
  url_decode: single(([text]) => {
    try {
      return decodeURIComponent(str(text).replace(/\+/g, " "));
    } catch {
      return fail(
        "java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern",
      );
    }
  }),
  url_encode: single(([text]) =>
    encodeURIComponent(str(text))
      .replace(/%20/g, "+")
      .replace(/[!'()~]/g, percent),
  ),
  url_encode_component: single(([text]) => encodeURIComponent(str(text)).replace(/[!'()*]/g, percent)),
  from_base64: single(([text]) => Buffer.from(str(text), "base64").toString("utf8")),
  to_base64: single(([text]) => Buffer.from(str(text), "utf8").toString("base64")),
  json_extract: single(([text, path]) => jsonExtract(str(text), str(path))),

  abs: single(([x]) => Math.abs(x as number)),
  ceil: single(([x]) => Math.ceil(x as number)),
  floor: single(([x]) => Math.floor(x as number)),
  round: single(([x, decimals]) => round(x as number, (decimals as number | undefined) ?? 0)),
  pow: single(([base, exponent]) => finiteOr((base as number) ** (exponent as number), "pow")),
  sqrt: single(([x]) =>
    (x as number) < 0
      ? fail("java.lang.ArithmeticException: Square root of negative")
      : Math.sqrt(x as number),
  ),
  cbrt: single(([x]) => Math.cbrt(x as number)),
  exp: single(([x]) => Math.exp(x as number)),
  log10: single(([x]) =>
    (x as number) <= 0
      ? fail("java.lang.ArithmeticException: Log of non-positive number")
      : Math.log10(x as number),
  ),
  log: single((values) => {
    const [base, x] = values.length === 1 ? [Math.E, values[0] as number] : (values as number[]);
    if (x <= 0 || base <= 0) return fail("java.lang.ArithmeticException: Log of non-positive number");
    if (base === 1) return fail("java.lang.ArithmeticException: Log of base 1");
    return Math.log(x) / Math.log(base);
  }),
  signum: single(([x]) => Math.sign(x as number)),
  pi: single(() => Math.PI),
  e: single(() => Math.E),
  tau: single(() => 2 * Math.PI),

  cidr_match: multi((cells) => {
    const ip = cells[0];
    if (ip === null) return null;
    if (Array.isArray(ip))
      return fail("java.lang.IllegalArgumentException: single-value function encountered multi-value");
    const address = parseIp(str(ip));
    if (address === undefined) return false;
    return cells.slice(1).some((cell) =>
      valuesOf(cell).some((block) => {
        const range = parseCidr(str(block));
        if (range) return address >= range.from && address <= range.to;
        return parseIp(str(block)) === address;
      }),
    );
  }),

  mv_first: mv((values) => values[0]),
  mv_last: mv((values) => values[values.length - 1]),
  mv_min: mv((values, _rest, { type }) => values.reduce((a, b) => (compareScalars(b, a, type) < 0 ? b : a))),
  mv_max: mv((values, _rest, { type }) => values.reduce((a, b) => (compareScalars(b, a, type) > 0 ? b : a))),
  mv_dedupe: mv((values) => cellOf([...new Set(values)])),
  mv_sort: mv((values, [order], { type }) => {
    const direction = order === null || order === undefined ? "asc" : str(order as Scalar).toLowerCase();
    if (direction !== "asc" && direction !== "desc") {
      return fail(
        `org.elasticsearch.xpack.esql.core.InvalidArgumentException: Invalid order value in [mv_sort], expected one of [ASC, DESC] but got [${str(order as Scalar)}]`,
      );
    }
    const sorted = [...values].sort((a, b) => compareScalars(a, b, type));
    return cellOf(direction === "asc" ? sorted : sorted.reverse());
  }),
  mv_count: mv((values) => values.length),
  mv_sum: mv((values) => (values as number[]).reduce((a, b) => a + b, 0)),
  mv_avg: mv((values) => (values as number[]).reduce((a, b) => a + b, 0) / values.length),
  mv_median: mv((values, _rest, { type }) => {
    const sorted = [...(values as number[])].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    if (sorted.length % 2 === 1) return sorted[middle];
    const average = (sorted[middle - 1] + sorted[middle]) / 2;
    return type === "double" ? average : Math.floor(average);
  }),
  mv_concat: multi(([values, delimiter]) =>
    values === null || delimiter === null || Array.isArray(delimiter)
      ? null
      : valuesOf(values).map(str).join(str(delimiter)),
  ),
  mv_slice: mv((values, [start, end]) => {
    if (start === null || Array.isArray(start) || (end !== undefined && (end === null || Array.isArray(end))))
      return null;
    const from = (start as number) < 0 ? values.length + (start as number) : (start as number);
    const to =
      end === undefined ? from : (end as number) < 0 ? values.length + (end as number) : (end as number);
    if (from > to && !((start as number) < 0 && (end as number) >= 0)) {
      return fail(
        "org.elasticsearch.xpack.esql.core.InvalidArgumentException: Start offset is greater than end offset",
      );
    }
    return cellOf(values.slice(Math.max(from, 0), to + 1));
  }),
  mv_contains: multi(([superset, subset], { types }) => {
    if (subset === null) return true;
    if (superset === null) return false;
    const have = valuesOf(superset);
    return valuesOf(subset).every((value) =>
      have.some((candidate) => compareScalars(candidate, value, types[0]) === 0),
    );
  }),
  mv_append: multi(([a, b]) => (a === null ? b : b === null ? a : cellOf([...valuesOf(a), ...valuesOf(b)]))),
  mv_intersection: multi(([a, b]) => {
    if (a === null || b === null) return null;
    const other = new Set(valuesOf(b));
    return cellOf([...new Set(valuesOf(a).filter((value) => other.has(value)))]);
  }),
  mv_zip: multi(([a, b, delimiter]) => {
    const separator = delimiter === undefined ? "," : delimiter === null ? null : str(delimiter as Scalar);
    if (separator === null) return null;
    const left = valuesOf(a);
    const right = valuesOf(b);
    const zipped = Array.from({ length: Math.max(left.length, right.length) }, (_, i) =>
      i < left.length && i < right.length
        ? `${str(left[i])}${separator}${str(right[i])}`
        : str(left[i] ?? right[i]),
    );
    return cellOf(zipped);
  }),

  st_x: single(([point]) => pointOf(str(point))[0]),
  st_y: single(([point]) => pointOf(str(point))[1]),
  st_distance: single(([a, b]) => haversine(pointOf(str(a)), pointOf(str(b)))),
};

function percent(ch: string): string {
  return `%${ch.charCodeAt(0).toString(16).toUpperCase()}`;
}

function extreme(cells: Cell[], type: DataType, sign: number): Cell {
  if (cells.some((cell) => cell === null)) return null;
  const values = cells.flatMap(valuesOf);
  return values.reduce((a, b) => (sign * compareScalars(b, a, type) > 0 ? b : a));
}

function finiteOr(value: number, name: string): number {
  if (!Number.isFinite(value)) fail(`java.lang.ArithmeticException: ${name} overflow`);
  return value;
}

/** Half-up rounding away from zero, to `decimals` places (negative: to tens, hundreds...). */
function round(x: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Math.abs(x) * factor;
  const rounded = Math.floor(scaled + 0.5 + 1e-9 * Math.max(1, scaled) * Number.EPSILON);
  return (Math.sign(x) * rounded) / factor || 0;
}

function spanArgument(interval: Scalar): Span {
  if (isSpan(interval)) return interval;
  const match = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(String(interval));
  const unit = match ? TIME_UNIT_BY_NAME.get(match[2].toLowerCase()) : undefined;
  if (!match || !unit)
    return fail(`java.lang.IllegalArgumentException: Cannot parse interval [${String(interval)}]`);
  const amount = Number(match[1]);
  if (unit.millis !== undefined) return { months: 0, days: 0, millis: amount * unit.millis };
  return { months: amount * (unit.period?.months ?? 0), days: amount * (unit.period?.days ?? 0), millis: 0 };
}

const DAY = 86_400_000;

/** DATE_TRUNC's rounding, in the query's time zone: calendar units for periods, fixed intervals otherwise. */
export function truncateDate(date: number, span: Span, zoneOffset: (millis: number) => number): number {
  const offset = zoneOffset(date);
  const local = date + offset;
  let truncated: number;
  if (span.months > 0) {
    const d = new Date(local);
    const monthIndex = (d.getUTCFullYear() - 1) * 12 + d.getUTCMonth();
    const start = Math.floor(monthIndex / span.months) * span.months;
    const at = new Date(0);
    at.setUTCFullYear(Math.floor(start / 12) + 1, start - Math.floor(start / 12) * 12, 1);
    at.setUTCHours(0, 0, 0, 0);
    truncated = at.getTime();
  } else if (span.days === 7) {
    const dayStart = Math.floor(local / DAY) * DAY;
    const weekday = (new Date(dayStart).getUTCDay() + 6) % 7;
    truncated = dayStart - weekday * DAY;
  } else if (span.days > 0) {
    truncated = Math.floor(local / (span.days * DAY)) * span.days * DAY;
  } else if (span.millis > 0) {
    truncated = Math.floor(local / span.millis) * span.millis;
  } else {
    return fail(`java.lang.IllegalArgumentException: Zero or negative time interval is not supported`);
  }
  return truncated - zoneOffset(truncated - offset);
}

const DIFF_UNITS: Record<string, string> = {
  year: "year",
  years: "year",
  yy: "year",
  yyyy: "year",
  quarter: "quarter",
  quarters: "quarter",
  qq: "quarter",
  q: "quarter",
  month: "month",
  months: "month",
  mm: "month",
  m: "month",
  dayofyear: "day",
  dy: "day",
  y: "day",
  day: "day",
  days: "day",
  dd: "day",
  d: "day",
  week: "week",
  weeks: "week",
  wk: "week",
  ww: "week",
  weekday: "day",
  weekdays: "day",
  dw: "day",
  hour: "hour",
  hours: "hour",
  hh: "hour",
  minute: "minute",
  minutes: "minute",
  mi: "minute",
  n: "minute",
  second: "second",
  seconds: "second",
  ss: "second",
  s: "second",
  millisecond: "millisecond",
  milliseconds: "millisecond",
  ms: "millisecond",
  microsecond: "microsecond",
  microseconds: "microsecond",
  mcs: "microsecond",
  nanosecond: "nanosecond",
  nanoseconds: "nanosecond",
  ns: "nanosecond",
};

const FIXED_UNITS: Record<string, number> = {
  week: 7 * DAY,
  day: DAY,
  hour: 3_600_000,
  minute: 60_000,
  second: 1000,
  millisecond: 1,
  microsecond: 0.001,
  nanosecond: 0.000001,
};

/** DATE_DIFF: whole units from start to end, truncated toward zero (calendar units for months and longer). */
function dateDiff(unitText: string, start: number, end: number): number {
  const unit = DIFF_UNITS[unitText.toLowerCase()];
  if (!unit) {
    return fail(
      `java.lang.IllegalArgumentException: A value of [YEAR, QUARTER, MONTH, DAYOFYEAR, DAY, WEEK, WEEKDAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, NANOSECOND] or their aliases is required; received [${unitText}]`,
    );
  }
  let result: number;
  if (unit in FIXED_UNITS) {
    result = Math.trunc((end - start) / FIXED_UNITS[unit]);
  } else {
    const a = new Date(start);
    const b = new Date(end);
    let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    const restA = start - Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1);
    const restB = end - Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), 1);
    if (months > 0 && restB < restA) months--;
    if (months < 0 && restB > restA) months++;
    result = unit === "month" ? months : Math.trunc(months / (unit === "quarter" ? 3 : 12));
  }
  if (result > 2147483647 || result < -2147483648) {
    return fail("org.elasticsearch.xpack.esql.core.InvalidArgumentException: [DATE_DIFF] result overflow");
  }
  return result;
}

function dateExtract(part: string, date: number, zoneOffset: (millis: number) => number): number {
  const d = new Date(date + zoneOffset(date));
  switch (part.toUpperCase()) {
    case "YEAR":
      return d.getUTCFullYear();
    case "MONTH_OF_YEAR":
      return d.getUTCMonth() + 1;
    case "DAY_OF_MONTH":
      return d.getUTCDate();
    case "DAY_OF_WEEK":
      return ((d.getUTCDay() + 6) % 7) + 1;
    case "DAY_OF_YEAR":
      return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1;
    case "HOUR_OF_DAY":
      return d.getUTCHours();
    case "MINUTE_OF_HOUR":
      return d.getUTCMinutes();
    case "MINUTE_OF_DAY":
      return d.getUTCHours() * 60 + d.getUTCMinutes();
    case "SECOND_OF_MINUTE":
      return d.getUTCSeconds();
    case "MILLI_OF_SECOND":
      return d.getUTCMilliseconds();
    case "EPOCH_DAY":
      return Math.floor(date / DAY);
    default:
      return fail(
        `java.lang.IllegalArgumentException: No enum constant java.time.temporal.ChronoField.${part}`,
      );
  }
}

/** Java DateTimeFormatter patterns, the common letters. */
function formatJavaDate(pattern: string, date: number): string {
  const d = new Date(date);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  const months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  return pattern.replace(
    /'([^']*)'|y+|M+|d+|H+|h+|m+|s+|S+|E+|a|X+|Z+/g,
    (token, literal: string | undefined) => {
      if (literal !== undefined) return literal === "" ? "'" : literal;
      const n = token.length;
      switch (token[0]) {
        case "y":
          return n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), n);
        case "M":
          return n >= 4
            ? months[d.getUTCMonth()]
            : n === 3
              ? months[d.getUTCMonth()].slice(0, 3)
              : pad(d.getUTCMonth() + 1, n);
        case "d":
          return pad(d.getUTCDate(), n);
        case "H":
          return pad(d.getUTCHours(), n);
        case "h":
          return pad(d.getUTCHours() % 12 || 12, n);
        case "m":
          return pad(d.getUTCMinutes(), n);
        case "s":
          return pad(d.getUTCSeconds(), n);
        case "S":
          return pad(d.getUTCMilliseconds(), 3).slice(0, n).padEnd(n, "0");
        case "E":
          return n >= 4 ? days[d.getUTCDay()] : days[d.getUTCDay()].slice(0, 3);
        case "a":
          return d.getUTCHours() < 12 ? "AM" : "PM";
        default:
          return token[0] === "X" ? "Z" : "+0000";
      }
    },
  );
}

/** A Java pattern as an Elasticsearch date format (they share the letters). */
function javaToEsFormat(pattern: string): string {
  return pattern;
}

function jsonExtract(text: string, path: string): Cell {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return fail(`java.lang.IllegalArgumentException: invalid JSON input`);
  }
  const steps = path
    .replace(/^\$\.?/, "")
    .split(/\.|\[(\d+)\]/)
    .filter((step) => step !== undefined && step !== "");
  let current: unknown = document;
  for (const step of steps) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (current !== null && typeof current === "object" && !Array.isArray(current)) {
      current = (current as Record<string, unknown>)[step];
    } else current = undefined;
    if (current === undefined)
      return fail(`java.lang.IllegalArgumentException: path [${path}] does not exist`);
  }
  if (current === null) return null;
  return typeof current === "string" ? current : JSON.stringify(current);
}

function pointOf(wkt: string): [number, number] {
  const match = /^\s*POINT\s*\(\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\)\s*$/i.exec(wkt);
  if (!match) return fail(`java.lang.IllegalArgumentException: Failed to parse WKT: ${wkt}`);
  return [Number(match[1]), Number(match[2])];
}

function haversine([lon1, lat1]: [number, number], [lon2, lat2]: [number, number]): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.7714 * Math.asin(Math.sqrt(a));
}

/** Java's Double.toString: `1.0`, `0.001`, `1.0E7`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e7)) {
    const [mantissa, exponent] = value.toExponential().split("e");
    return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  const text = String(value);
  return text.includes(".") ? text : `${text}.0`;
}

/** One value converted by a `TO_*` function or `::` cast; a value that cannot convert fails the row. */
export function convertTo(target: DataType, value: Scalar, from: DataType): Scalar {
  if (isSpan(value)) return target === "keyword" ? spanText(value) : fail("cannot convert a time span");
  switch (target) {
    case "keyword":
      if (from === "date" || from === "date_nanos") return formatDate(value as number);
      if (from === "double") return javaDouble(value as number);
      return String(value);
    case "double":
      return toNumber(value, from, "double");
    case "integer":
    case "long":
    case "unsigned_long": {
      const number = toNumber(value, from, target);
      const integral = Math.trunc(number);
      const max = target === "integer" ? 2147483647 : 2 ** 63;
      const min = target === "integer" ? -2147483648 : target === "long" ? -(2 ** 63) : 0;
      if (integral > max || integral < min) {
        return fail(
          `org.elasticsearch.xpack.esql.core.InvalidArgumentException: [${typeof value === "number" ? javaDouble(value).replace(/\.0$/, "") : value}] out of [${target}] range`,
        );
      }
      return integral;
    }
    case "boolean":
      if (typeof value === "boolean") return value;
      if (typeof value === "number") return value !== 0;
      return String(value).toLowerCase() === "true";
    case "date":
    case "date_nanos":
      if (typeof value === "number") return value;
      try {
        return (
          extendedYearDate(String(value)) ?? parseDate(String(value), { format: "strict_date_optional_time" })
        );
      } catch {
        return fail(
          `java.lang.IllegalArgumentException: failed to parse date field [${String(value)}] with format [strict_date_optional_time]`,
        );
      }
    case "ip": {
      const address = parseIp(String(value));
      if (address === undefined)
        return fail(`java.lang.IllegalArgumentException: '${String(value)}' is not an IP string literal.`);
      return formatIp(address);
    }
    default:
      return String(value);
  }
}

function toNumber(value: Scalar, from: DataType, target: DataType): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const text = String(value).trim();
  const number = from === "ip" || text === "" ? Number.NaN : Number(text);
  if (Number.isNaN(number)) {
    return fail(
      target === "double"
        ? `java.lang.NumberFormatException: For input string: "${String(value)}"`
        : `org.elasticsearch.xpack.esql.core.InvalidArgumentException: Cannot parse number [${String(value)}]`,
    );
  }
  return number;
}

/** `0000-12-01` and `-0001-12-01`: ISO dates with years JavaScript's parsers do not take. */
function extendedYearDate(text: string): number | undefined {
  const match = /^([+-]?\d{4,})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.getTime();
}
