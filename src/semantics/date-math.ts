/**
 * Date math as rules write it (`from`, `to`, `history_window_start`): `now`, `now-9m`, `now-7d/d`, absolute
 * ISO dates and `<date>||+1d`, stricter than a range query (every step has its amount). The arithmetic and
 * rounding are the range queries' own (dates.ts): `/unit` rounds down, or up to the last millisecond of the
 * unit when `roundUp` is set (as for `lte`/`gt` bounds).
 */
import { applyDateMath, DateParseError } from "./dates.js";

const STEPS = /^(?:[+-]\d+[yMwdhHms]|\/[yMwdhHms])*$/;

export function resolveDateMath(expression: string, now: Date, roundUp = false): Date {
  const text = expression.trim();
  let anchor: number;
  let math: string;
  if (text.startsWith("now")) {
    anchor = now.getTime();
    math = text.slice(3);
  } else {
    const separator = text.indexOf("||");
    const parsed = parseIsoDate(separator === -1 ? text : text.slice(0, separator));
    if (!parsed) throw new DateParseError(`"${expression}" is not a date or date math`);
    anchor = parsed.getTime();
    math = separator === -1 ? "" : text.slice(separator + 2);
  }
  if (!STEPS.test(math)) throw new DateParseError(`"${expression}": cannot read date math at "${math}"`);
  return new Date(applyDateMath(anchor, math, { roundUp }, expression));
}

const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An ISO 8601 date or date-time. Without a zone it is UTC, as Elasticsearch reads it (JavaScript's Date
 * would take the local zone and make results depend on the machine).
 */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (!match) return undefined;
  const [, day, clock, zone] = match;
  const offset =
    zone === undefined
      ? "Z"
      : /^[+-]\d{2}$/.test(zone)
        ? `${zone}:00`
        : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const date = new Date(
    `${day}T${clock === undefined ? "00:00" : clock.replace(",", ".")}${offset.toUpperCase()}`,
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const INTERVAL_UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses a rule interval such as `5m`, `1h`, `30s` into milliseconds. */
export function intervalToMs(interval: string): number {
  const match = /^(\d+)([smhd])$/.exec(interval.trim());
  if (!match) throw new DateParseError(`"${interval}" is not an interval like 5m, 1h or 30s`);
  return Number(match[1]) * INTERVAL_UNIT_MS[match[2]];
}
