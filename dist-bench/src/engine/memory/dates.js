/**
 * Elasticsearch date handling: the built-in formats dac needs (and simple custom patterns), time zones,
 * and date math with the rounding rules of range queries. Instants are epoch milliseconds (may carry a
 * fraction for sub-millisecond precision of date_nanos).
 */
export const DEFAULT_DATE_FORMAT = "strict_date_optional_time||epoch_millis";
export class DateParseError extends Error {
}
const ZONE = "(Z|[+-]\\d{2}(?::?\\d{2})?)";
function isoParser(strict) {
    const d = strict ? "\\d{2}" : "\\d{1,2}";
    const y = strict ? "\\d{4}" : "[+-]?\\d{1,9}";
    const pattern = new RegExp(`^(${y})(?:-(${d})(?:-(${d})(?:T(?:(${d})(?::(${d})(?::(${d})(?:[.,](\\d{1,9}))?)?)?${ZONE}?)?)?)?)?$`);
    return (text) => {
        const m = pattern.exec(text);
        if (!m)
            return undefined;
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
function epochParser(unitMillis) {
    return (text) => {
        if (!/^-?\d+(\.\d+)?$/.test(text))
            return undefined;
        return { epochMillis: Number(text) * unitMillis };
    };
}
function optionalNumber(text) {
    return text === undefined ? undefined : Number(text);
}
function parseOffset(text) {
    if (text === "Z")
        return 0;
    const sign = text[0] === "-" ? -1 : 1;
    const digits = text.slice(1).replace(":", "");
    return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}
const PATTERN_FIELDS = {
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
function customParser(pattern) {
    let source = "^";
    const fields = [];
    const tokens = pattern.match(/'[^']*'|y+|u+|M+|d+|H+|m+|s+|S+|X+|x+|Z+|[^'yuMdHmsSXxZ]/g) ?? [];
    for (const token of tokens) {
        const known = PATTERN_FIELDS[token];
        if (known) {
            source += known.group;
            fields.push(known.field);
        }
        else if (/^S+$/.test(token)) {
            source += `(\\d{${token.length}})`;
            fields.push("fraction");
        }
        else if (/^[XxZ]+$/.test(token)) {
            source += ZONE;
            fields.push("offset");
        }
        else if (token.startsWith("'")) {
            source += escapeRegExp(token.slice(1, -1));
        }
        else if (/^[a-zA-Z]+$/.test(token)) {
            throw new DateParseError(`unsupported date format pattern [${pattern}]`);
        }
        else {
            source += escapeRegExp(token);
        }
    }
    const regex = new RegExp(`${source}$`);
    return (text) => {
        const m = regex.exec(text);
        if (!m)
            return undefined;
        const parts = { year: 1970 };
        fields.forEach((field, index) => {
            const value = m[index + 1];
            if (field === "fraction")
                parts.nanos = Number(value.padEnd(9, "0"));
            else if (field === "offset")
                parts.offsetMinutes = parseOffset(value);
            else
                parts[field] = Number(value);
        });
        return parts;
    };
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
const NAMED_FORMATS = {
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
const formatCache = new Map();
function parsersFor(format) {
    let parsers = formatCache.get(format);
    if (!parsers) {
        parsers = format.split("||").map((name) => (NAMED_FORMATS[name] ?? (() => customParser(name)))());
        formatCache.set(format, parsers);
    }
    return parsers;
}
export const UTC = { offsetAt: () => 0 };
export function parseTimeZone(text) {
    if (/^(Z|UTC|GMT|Zulu|Etc\/UTC)$/i.test(text))
        return UTC;
    const fixed = /^(?:UTC|GMT)?([+-]\d{1,2})(?::?(\d{2}))?$/.exec(text);
    if (fixed) {
        const sign = fixed[1].startsWith("-") ? -1 : 1;
        const minutes = sign * (Math.abs(Number(fixed[1])) * 60 + Number(fixed[2] ?? 0));
        return { offsetAt: () => minutes * 60_000 };
    }
    let formatter;
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
    }
    catch {
        throw new DateParseError(`unknown time zone [${text}]`);
    }
    return {
        offsetAt(utcMillis) {
            const parts = Object.fromEntries(formatter.formatToParts(new Date(utcMillis)).map((p) => [p.type, p.value]));
            const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
            return local - Math.floor(utcMillis / 1000) * 1000;
        },
    };
}
/** The UTC instant of a wall-clock time in `zone` (earlier offset wins in overlaps, like java.time). */
function localToUtc(localMillis, zone) {
    const guess = localMillis - zone.offsetAt(localMillis);
    return localMillis - zone.offsetAt(guess);
}
function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function partsToMillis(parts, roundUp, zone) {
    const month = parts.month ?? 1;
    const day = parts.day ?? 1;
    const hour = parts.hour ?? (roundUp ? 23 : 0);
    const minute = parts.minute ?? (roundUp ? 59 : 0);
    const second = parts.second ?? (roundUp ? 59 : 0);
    const nanos = parts.nanos ?? (roundUp ? 999_999_999 : 0);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(parts.year, month))
        throw new DateParseError("");
    if (hour > 23 || minute > 59 || second > 59)
        throw new DateParseError("");
    const date = new Date(0);
    date.setUTCFullYear(parts.year, month - 1, day);
    date.setUTCHours(hour, minute, second, 0);
    // Float64 cannot hold epoch nanoseconds: instants keep millisecond precision (sub-millisecond digits truncated).
    const local = date.getTime() + Math.floor(nanos / 1_000_000);
    if (parts.offsetMinutes !== undefined)
        return local - parts.offsetMinutes * 60_000;
    return localToUtc(local, zone);
}
/** Parses a date with an Elasticsearch format list (first matching format wins). */
export function parseDate(text, options = {}) {
    const format = options.format ?? DEFAULT_DATE_FORMAT;
    for (const parser of parsersFor(format)) {
        const parts = parser(text);
        if (!parts)
            continue;
        if ("epochMillis" in parts)
            return parts.epochMillis;
        try {
            return partsToMillis(parts, options.roundUp ?? false, options.timeZone ?? UTC);
        }
        catch { }
    }
    throw new DateParseError(`failed to parse date field [${text}] with format [${format}]`);
}
/** Nanosecond precision is truncated to milliseconds where date fields keep milliseconds. */
export function truncateToMillis(millis) {
    return Math.floor(millis);
}
function toLocal(utcMillis, zone) {
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
function fromLocal(t, zone) {
    const date = new Date(0);
    date.setUTCFullYear(t.year, t.month - 1, t.day);
    date.setUTCHours(t.hour, t.minute, t.second, t.millis);
    return localToUtc(date.getTime(), zone);
}
function addUnits(millis, amount, unit, zone) {
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
    return fromLocal({ ...t, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }, zone);
}
function roundDown(millis, unit, zone) {
    const t = toLocal(millis, zone);
    switch (unit) {
        case "y":
            return fromLocal({ year: t.year, month: 1, day: 1, hour: 0, minute: 0, second: 0, millis: 0 }, zone);
        case "M":
            return fromLocal({ ...t, day: 1, hour: 0, minute: 0, second: 0, millis: 0 }, zone);
        case "w": {
            const weekday = (new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay() + 6) % 7;
            const monday = new Date(Date.UTC(t.year, t.month - 1, t.day - weekday));
            return fromLocal({
                year: monday.getUTCFullYear(),
                month: monday.getUTCMonth() + 1,
                day: monday.getUTCDate(),
                hour: 0,
                minute: 0,
                second: 0,
                millis: 0,
            }, zone);
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
/**
 * Date math as in range queries: `now`, or `<date>||`, followed by `+1d`, `-5m`, `/d`. With `roundUp`,
 * `/unit` goes to the last millisecond of the unit, as Elasticsearch does for `gt` and `lte`.
 */
export function parseDateMath(text, options) {
    const zone = options.timeZone ?? UTC;
    let base;
    let math;
    if (text.startsWith("now")) {
        base = options.now;
        math = text.slice(3);
    }
    else {
        const separator = text.indexOf("||");
        if (separator === -1)
            return parseDate(text, options);
        base = parseDate(text.slice(0, separator), options);
        math = text.slice(separator + 2);
    }
    let result = base;
    let index = 0;
    while (index < math.length) {
        const op = math[index++];
        if (op === "/") {
            const unit = math[index++];
            if (!"yMwdhHms".includes(unit))
                throw new DateParseError(`rounding unit [${unit}] unknown in [${text}]`);
            result = roundDown(result, unit, zone);
            if (options.roundUp)
                result = addUnits(result, 1, unit, zone) - 1;
        }
        else if (op === "+" || op === "-") {
            const digits = /^\d*/.exec(math.slice(index))[0];
            index += digits.length;
            const unit = math[index++];
            if (!unit || !"yMwdhHms".includes(unit))
                throw new DateParseError(`unit [${unit}] unknown in [${text}]`);
            const amount = digits === "" ? 1 : Number(digits);
            result = addUnits(result, op === "+" ? amount : -amount, unit, zone);
        }
        else {
            throw new DateParseError(`operator not supported for date math [${text}]`);
        }
    }
    return result;
}
/** How Elasticsearch prints a date with the default format (millisecond precision, UTC). */
export function formatDate(millis) {
    return new Date(Math.floor(millis)).toISOString();
}
