/**
 * Elasticsearch/Kibana date math as rules use it: `now`, `now-9m`, `now-7d/d`, absolute ISO dates and
 * `<date>||+1d`. Rounding follows Elasticsearch: `/unit` rounds down, or up to the last millisecond of the
 * unit when `roundUp` is set (as for `lte`/`gt` bounds).
 */
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const STEP = /^(?:([+-])(\d+)([yMwdhHms])|\/([yMwdhHms]))/;

export class DateMathError extends Error {}

export function resolveDateMath(expression: string, now: Date, roundUp = false): Date {
  const text = expression.trim();
  let anchor: Date;
  let rest: string;
  if (text.startsWith("now")) {
    anchor = new Date(now.getTime());
    rest = text.slice(3);
  } else {
    const separator = text.indexOf("||");
    const dateText = separator === -1 ? text : text.slice(0, separator);
    const parsed = parseIsoDate(dateText);
    if (!parsed) throw new DateMathError(`"${expression}" is not a date or date math`);
    anchor = parsed;
    rest = separator === -1 ? "" : text.slice(separator + 2);
  }
  let time = anchor.getTime();
  while (rest.length > 0) {
    const step = STEP.exec(rest);
    if (!step) throw new DateMathError(`"${expression}": cannot read date math at "${rest}"`);
    const [whole, sign, amount, unit, roundUnit] = step;
    time = roundUnit
      ? round(time, roundUnit, roundUp)
      : add(time, unit, (sign === "-" ? -1 : 1) * Number(amount));
    rest = rest.slice(whole.length);
  }
  return new Date(time);
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

function add(time: number, unit: string, amount: number): number {
  if (unit === "y" || unit === "M") {
    const date = new Date(time);
    date.setUTCMonth(date.getUTCMonth() + amount * (unit === "y" ? 12 : 1));
    return date.getTime();
  }
  return time + amount * UNIT_MS[unit === "H" ? "h" : unit];
}

function round(time: number, unit: string, roundUp: boolean): number {
  const date = new Date(time);
  let start: number;
  let next: number;
  if (unit === "y") {
    start = Date.UTC(date.getUTCFullYear(), 0, 1);
    next = Date.UTC(date.getUTCFullYear() + 1, 0, 1);
  } else if (unit === "M") {
    start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    next = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  } else if (unit === "w") {
    // ISO weeks start on Monday.
    const day = (date.getUTCDay() + 6) % 7;
    start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day);
    next = start + UNIT_MS.w;
  } else {
    const size = UNIT_MS[unit === "H" ? "h" : unit];
    start = Math.floor(time / size) * size;
    next = start + size;
  }
  return roundUp ? next - 1 : start;
}

/** Parses an interval such as `5m`, `1h`, `30s` into milliseconds. */
export function intervalToMs(interval: string): number {
  const match = /^(\d+)([smhd])$/.exec(interval.trim());
  if (!match) throw new DateMathError(`"${interval}" is not an interval like 5m, 1h or 30s`);
  return Number(match[1]) * UNIT_MS[match[2]];
}
