/**
 * Elasticsearch date handling: the built-in formats dac needs (and simple custom patterns), time zones,
 * and date math with the rounding rules of range queries. Instants are epoch milliseconds (may carry a
 * fraction for sub-millisecond precision of date_nanos).
 */
import { DacError } from "../errors.js";

export const DEFAULT_DATE_FORMAT = "strict_date_optional_time||epoch_millis";

/** A date or date math expression Elasticsearch would not read; callers say where it came from. */
export class DateParseError extends DacError {
  constructor(message: string) {
    super("input", message);
  }
}

interface DateParts {
  year: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  nanos?: number;
  offsetMinutes?: number;
}

type Parser = (text: string) => DateParts | { epochMillis: number } | undefined;

const ZONE = "(Z|[+-]\\d{2}(?::?\\d{2})?)";

function isoParser(strict: boolean): Parser {
  const d = strict ? "\\d{2}" : "\\d{1,2}";
  const y = strict ? "\\d{4}" : "[+-]?\\d{1,9}";
  const pattern = new RegExp(
    `^(${y})(?:-(${d})(?:-(${d})(?:T(?:(${d})(?::(${d})(?::(${d})(?:[.,](\\d{1,9}))?)?)?${ZONE}?)?)?)?)?$`,
  );
  return (text) => {
    const m = pattern.exec(text);
    if (!m) return undefined;
    return {
      year: Number(m[1]),
      month: optionalNumber(m[2]),
      day: optionalNumber(m[3]),
      hour: optionalNumber(m[4]),
      minute: optionalNumber(m[5]),
      second: optionalNumber(m[6]),
      nanos: m[7] === undefined ? undefined : Number(m[7].padEnd(9, "0")),
      offsetMinutes: m[8] === undefined ? undefined : parseOffset(m[8]),
    };
  };
}

function epochParser(unitMillis: number): Parser {
  return (text) => {
    if (!/^-?\d+(\.\d+)?$/.test(text)) return undefined;
    return { epochMillis: Number(text) * unitMillis };
  };
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text);
}

function parseOffset(text: string): number {
  if (text === "Z") return 0;
  const sign = text[0] === "-" ? -1 : 1;
  const digits = text.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}

const PATTERN_FIELDS: Record<string, { group: string; field: keyof DateParts }> = {
  yyyy: { group: "(\\d{4})", field: "year" },
  uuuu: { group: "(\\d{4})", field: "year" },
  MM: { group: "(\\d{2})", field: "month" },
  M: { group: "(\\d{1,2})", field: "month" },
  dd: { group: "(\\d{2})", field: "day" },
  d: { group: "(\\d{1,2})", field: "day" },
  HH: { group: "(\\d{2})", field: "hour" },
  H: { group: "(\\d{1,2})", field: "hour" },
  mm: { group: "(\\d{2})", field: "minute" },
  ss: { group: "(\\d{2})", field: "second" },
};

/** A custom Java-time pattern made of the common letters (y u M d H m s S, offsets X/Z/x, quoted literals). */
function customParser(pattern: string): Parser {
  let source = "^";
  const fields: (keyof DateParts | "fraction" | "offset")[] = [];
  const tokens = pattern.match(/'[^']*'|y+|u+|M+|d+|H+|m+|s+|S+|X+|x+|Z+|[^'yuMdHmsSXxZ]/g) ?? [];
  for (const token of tokens) {
    const known = PATTERN_FIELDS[token];
    if (known) {
      source += known.group;
      fields.push(known.field);
    } else if (/^S+$/.test(token)) {
      source += `(\\d{${token.length}})`;
      fields.push("fraction");
    } else if (/^[XxZ]+$/.test(token)) {
      source += ZONE;
      fields.push("offset");
    } else if (token.startsWith("'")) {
      source += escapeRegExp(token.slice(1, -1));
    } else if (/^[a-zA-Z]+$/.test(token)) {
      throw new DateParseError(`unsupported date format pattern [${pattern}]`);
    } else {
      source += escapeRegExp(token);
    }
  }
  const regex = new RegExp(`${source}$`);
  return (text) => {
    const m = regex.exec(text);
    if (!m) return undefined;
    const parts: DateParts = { year: 1970 };
    fields.forEach((field, index) => {
      const value = m[index + 1];
      if (field === "fraction") parts.nanos = Number(value.padEnd(9, "0"));
      else if (field === "offset") parts.offsetMinutes = parseOffset(value);
      else parts[field] = Number(value);
    });
    return parts;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const NAMED_FORMATS: Record<string, () => Parser> = {
  strict_date_optional_time: () => isoParser(true),
  strict_date_optional_time_nanos: () => isoParser(true),
  date_optional_time: () => isoParser(false),
  strict_date_time: () => isoParser(true),
  date_time: () => isoParser(false),
  epoch_millis: () => epochParser(1),
  epoch_second: () => epochParser(1000),
  strict_date: () => customParser("yyyy-MM-dd"),
  date: () => customParser("yyyy-MM-dd"),
  basic_date: () => customParser("yyyyMMdd"),
  strict_date_hour_minute_second: () => customParser("yyyy-MM-dd'T'HH:mm:ss"),
  date_hour_minute_second: () => customParser("yyyy-MM-dd'T'HH:mm:ss"),
};

const formatCache = new Map<string, Parser[]>();

function parsersFor(format: string): Parser[] {
  let parsers = formatCache.get(format);
  if (!parsers) {
    parsers = format.split("||").map((name) => (NAMED_FORMATS[name] ?? (() => customParser(name)))());
    formatCache.set(format, parsers);
  }
  return parsers;
}

/** A time zone as Elasticsearch accepts it: `Z`, `UTC`, `+01:00`, or an IANA id such as `Europe/Paris`. */
export interface TimeZone {
  offsetAt(utcMillis: number): number;
}

export const UTC: TimeZone = { offsetAt: () => 0 };

export function parseTimeZone(text: string): TimeZone {
  if (/^(Z|UTC|GMT|Zulu|Etc\/UTC)$/i.test(text)) return UTC;
  const fixed = /^(?:UTC|GMT)?([+-]\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (fixed) {
    const sign = fixed[1].startsWith("-") ? -1 : 1;
    const minutes = sign * (Math.abs(Number(fixed[1])) * 60 + Number(fixed[2] ?? 0));
    return { offsetAt: () => minutes * 60_000 };
  }
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: text,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new DateParseError(`unknown time zone [${text}]`);
  }
  return {
    offsetAt(utcMillis) {
      const parts = Object.fromEntries(
        formatter.formatToParts(new Date(utcMillis)).map((p) => [p.type, p.value]),
      );
      const local = Date.UTC(
        +parts.year,
        +parts.month - 1,
        +parts.day,
        +parts.hour,
        +parts.minute,
        +parts.second,
      );
      return local - Math.floor(utcMillis / 1000) * 1000;
    },
  };
}

/** The UTC instant of a wall-clock time in `zone` (earlier offset wins in overlaps, like java.time). */
function localToUtc(localMillis: number, zone: TimeZone): number {
  const guess = localMillis - zone.offsetAt(localMillis);
  return localMillis - zone.offsetAt(guess);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Arithmetic rather than a Date per call (indexing parses every date value); years 0–99 as Date.UTC reads them. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  const y = year >= 0 && year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Date.UTC, except that years 0–99 are those years (Date.UTC would read them as 1900–1999). */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  if (year < 0 || year > 99) return Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function partsToMillis(parts: DateParts, roundUp: boolean, zone: TimeZone): number {
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  const hour = parts.hour ?? (roundUp ? 23 : 0);
  const minute = parts.minute ?? (roundUp ? 59 : 0);
  const second = parts.second ?? (roundUp ? 59 : 0);
  const nanos = parts.nanos ?? (roundUp ? 999_999_999 : 0);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(parts.year, month))
    throw new DateParseError("");
  if (hour > 23 || minute > 59 || second > 59) throw new DateParseError("");
  // Float64 cannot hold epoch nanoseconds: instants keep millisecond precision (sub-millisecond digits truncated).
  const local = utcMillis(parts.year, month, day, hour, minute, second) + Math.floor(nanos / 1_000_000);
  if (parts.offsetMinutes !== undefined) return local - parts.offsetMinutes * 60_000;
  return localToUtc(local, zone);
}

export interface DateParseOptions {
  format?: string;
  /** Fill missing parts with their largest value (upper bounds `lte`, exclusive lower bounds `gt`). */
  roundUp?: boolean;
  timeZone?: TimeZone;
}

const ISO_FORMATS = new Set([
  "strict_date_optional_time",
  "strict_date_optional_time_nanos",
  "date_optional_time",
  "strict_date_time",
  "date_time",
]);
const isoFirstCache = new Map<string, boolean>();

/** Whether the first format of the list reads ISO 8601 date-times (then `canonicalIsoMillis` may answer). */
function isIsoFirst(format: string): boolean {
  let isoFirst = isoFirstCache.get(format);
  if (isoFirst === undefined) {
    isoFirst = ISO_FORMATS.has(format.split("||")[0]);
    isoFirstCache.set(format, isoFirst);
  }
  return isoFirst;
}

function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * `yyyy-MM-ddTHH:mm:ss.SSSZ` (what JavaScript's toISOString and most shippers write) read without a
 * regular expression or intermediate objects, as indexing parses every date of every document; undefined
 * for any other text or an impossible date, which the general parser then handles (with the same result
 * for this form: the fast path only saves time).
 */
function canonicalIsoMillis(text: string): number | undefined {
  if (text.length !== 24 || text[4] !== "-" || text[7] !== "-" || text[10] !== "T") return undefined;
  if (text[13] !== ":" || text[16] !== ":" || text[19] !== "." || text[23] !== "Z") return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  const millis = digits(text, 20, 23);
  // NaN (a non-digit) fails every comparison below, as does any out-of-range part.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return undefined;
  if (!(hour <= 23 && minute <= 59 && second <= 59 && year >= 0 && millis >= 0)) return undefined;
  return (
    daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis
  );
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): what Date.UTC
 * computes for years 0–9999, in a few integer operations.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Parses a date with an Elasticsearch format list (first matching format wins). */
export function parseDate(text: string, options: DateParseOptions = {}): number {
  const format = options.format ?? DEFAULT_DATE_FORMAT;
  if (isIsoFirst(format)) {
    const millis = canonicalIsoMillis(text);
    if (millis !== undefined) return millis;
  }
  for (const parser of parsersFor(format)) {
    const parts = parser(text);
    if (!parts) continue;
    if ("epochMillis" in parts) return parts.epochMillis;
    try {
      return partsToMillis(parts, options.roundUp ?? false, options.timeZone ?? UTC);
    } catch {}
  }
  throw new DateParseError(`failed to parse date field [${text}] with format [${format}]`);
}

/** Nanosecond precision is truncated to milliseconds where date fields keep milliseconds. */
export function truncateToMillis(millis: number): number {
  return Math.floor(millis);
}

type Unit = "y" | "M" | "w" | "d" | "h" | "H" | "m" | "s";

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millis: number;
}

function toLocal(utcMillis: number, zone: TimeZone): LocalTime {
  const d = new Date(utcMillis + zone.offsetAt(utcMillis));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millis: d.getUTCMilliseconds(),
  };
}

function fromLocal(t: LocalTime, zone: TimeZone): number {
  const date = new Date(0);
  date.setUTCFullYear(t.year, t.month - 1, t.day);
  date.setUTCHours(t.hour, t.minute, t.second, t.millis);
  return localToUtc(date.getTime(), zone);
}

function addUnits(millis: number, amount: number, unit: Unit, zone: TimeZone): number {
  switch (unit) {
    case "h":
    case "H":
      return millis + amount * 3_600_000;
    case "m":
      return millis + amount * 60_000;
    case "s":
      return millis + amount * 1000;
  }
  const t = toLocal(millis, zone);
  if (unit === "y" || unit === "M") {
    const months = t.year * 12 + (t.month - 1) + amount * (unit === "y" ? 12 : 1);
    const year = Math.floor(months / 12);
    const month = (months % 12) + 1;
    return fromLocal({ ...t, year, month, day: Math.min(t.day, daysInMonth(year, month)) }, zone);
  }
  const days = unit === "w" ? amount * 7 : amount;
  const date = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return fromLocal(
    { ...t, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    zone,
  );
}

function roundDown(millis: number, unit: Unit, zone: TimeZone): number {
  const t = toLocal(millis, zone);
  switch (unit) {
    case "y":
      return fromLocal({ year: t.year, month: 1, day: 1, hour: 0, minute: 0, second: 0, millis: 0 }, zone);
    case "M":
      return fromLocal({ ...t, day: 1, hour: 0, minute: 0, second: 0, millis: 0 }, zone);
    case "w": {
      const weekday = (new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay() + 6) % 7;
      const monday = new Date(Date.UTC(t.year, t.month - 1, t.day - weekday));
      return fromLocal(
        {
          year: monday.getUTCFullYear(),
          month: monday.getUTCMonth() + 1,
          day: monday.getUTCDate(),
          hour: 0,
          minute: 0,
          second: 0,
          millis: 0,
        },
        zone,
      );
    }
    case "d":
      return fromLocal({ ...t, hour: 0, minute: 0, second: 0, millis: 0 }, zone);
    case "h":
    case "H":
      return fromLocal({ ...t, minute: 0, second: 0, millis: 0 }, zone);
    case "m":
      return fromLocal({ ...t, second: 0, millis: 0 }, zone);
    case "s":
      return fromLocal({ ...t, millis: 0 }, zone);
  }
}

export interface DateMathOptions extends DateParseOptions {
  now: number;
}

/**
 * Date math as in range queries: `now`, or `<date>||`, followed by `+1d`, `-5m`, `/d`. With `roundUp`,
 * `/unit` goes to the last millisecond of the unit, as Elasticsearch does for `gt` and `lte`.
 */
export function parseDateMath(text: string, options: DateMathOptions): number {
  if (text.startsWith("now")) return applyDateMath(options.now, text.slice(3), options, text);
  const separator = text.indexOf("||");
  if (separator === -1) return parseDate(text, options);
  return applyDateMath(
    parseDate(text.slice(0, separator), options),
    text.slice(separator + 2),
    options,
    text,
  );
}

/**
 * The steps of date math (`+1d`, `-5m`, `/d`, in order) applied to `base`; `text` is the whole expression,
 * for messages. Months and years keep the day of month where it exists, else the month's last day.
 */
export function applyDateMath(base: number, math: string, options: DateParseOptions, text: string): number {
  const zone = options.timeZone ?? UTC;
  let result = base;
  let index = 0;
  while (index < math.length) {
    const op = math[index++];
    if (op === "/") {
      const unit = math[index++] as Unit;
      if (!"yMwdhHms".includes(unit))
        throw new DateParseError(`rounding unit [${unit}] unknown in [${text}]`);
      result = roundDown(result, unit, zone);
      if (options.roundUp) result = addUnits(result, 1, unit, zone) - 1;
    } else if (op === "+" || op === "-") {
      const digits = /^\d*/.exec(math.slice(index))![0];
      index += digits.length;
      const unit = math[index++] as Unit;
      if (!unit || !"yMwdhHms".includes(unit))
        throw new DateParseError(`unit [${unit}] unknown in [${text}]`);
      const amount = digits === "" ? 1 : Number(digits);
      result = addUnits(result, op === "+" ? amount : -amount, unit, zone);
    } else {
      throw new DateParseError(`operator not supported for date math [${text}]`);
    }
  }
  return result;
}

/** How Elasticsearch prints a date with the default format (millisecond precision, UTC). */
export function formatDate(millis: number): string {
  return new Date(Math.floor(millis)).toISOString();
}
