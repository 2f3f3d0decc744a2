/**
 * The time units of ES|QL span literals (`1 hour`, `3 months`). Units up to an hour make a `time_duration` (a fixed
 * number of milliseconds); days and longer make a `date_period` (calendar arithmetic), as Elasticsearch types them.
 */
export interface TimeUnit {
  kind: "time_duration" | "date_period";
  /** Milliseconds of one unit (durations), or the calendar field it counts (periods). */
  millis?: number;
  period?: { days?: number; months?: number };
  /** Canonical singular name, used when printing. */
  name: string;
}

const duration = (name: string, millis: number): TimeUnit => ({ kind: "time_duration", millis, name });
const period = (name: string, days: number, months: number): TimeUnit => ({
  kind: "date_period",
  period: { days, months },
  name,
});

const UNITS: [string[], TimeUnit][] = [
  [["millisecond", "milliseconds", "ms"], duration("millisecond", 1)],
  [["second", "seconds", "sec", "s"], duration("second", 1000)],
  [["minute", "minutes", "min"], duration("minute", 60_000)],
  [["hour", "hours", "h"], duration("hour", 3_600_000)],
  [["day", "days", "d"], period("day", 1, 0)],
  [["week", "weeks", "w"], period("week", 7, 0)],
  [["month", "months", "mo"], period("month", 0, 1)],
  [["quarter", "quarters", "q"], period("quarter", 0, 3)],
  [["year", "years", "yr", "y"], period("year", 0, 12)],
];

export const TIME_UNIT_BY_NAME: ReadonlyMap<string, TimeUnit> = new Map(
  UNITS.flatMap(([names, unit]) => names.map((name) => [name, unit] as const)),
);
