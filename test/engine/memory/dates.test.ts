import { describe, expect, it } from "vitest";
import { parseDate, parseDateMath, parseTimeZone } from "../../../src/semantics/dates.js";

const iso = (millis: number) => new Date(millis).toISOString();
const NOW = Date.parse("2024-06-15T12:34:56.789Z");

describe("date parsing (strict_date_optional_time||epoch_millis)", () => {
  it("accepts ISO dates with optional parts and offsets, and epoch millis", () => {
    expect(iso(parseDate("2024-01-02"))).toBe("2024-01-02T00:00:00.000Z");
    expect(iso(parseDate("2024-01-02T03:04:05.678+02:00"))).toBe("2024-01-02T01:04:05.678Z");
    expect(iso(parseDate("2024"))).toBe("2024-01-01T00:00:00.000Z");
    expect(parseDate("1704067200000")).toBe(1704067200000);
  });

  it("rejects malformed and impossible dates", () => {
    for (const text of ["2024-1-2", "2024-02-30", "yesterday", "2024-01-02 03:04"]) {
      expect(() => parseDate(text)).toThrow(/failed to parse date/);
    }
  });

  it("fills missing parts with their maximum when rounding up (lte / gt bounds)", () => {
    expect(iso(parseDate("2024-01-02", { roundUp: true }))).toBe("2024-01-02T23:59:59.999Z");
    expect(iso(parseDate("2024-01", { roundUp: true }))).toBe("2024-01-01T23:59:59.999Z");
    expect(iso(parseDate("2024-01-02T10:30:15", { roundUp: true }))).toBe("2024-01-02T10:30:15.999Z");
  });

  it("applies time_zone only to values without an offset", () => {
    const paris = parseTimeZone("Europe/Paris");
    expect(iso(parseDate("2024-01-01T00:30:00", { timeZone: paris }))).toBe("2023-12-31T23:30:00.000Z");
    expect(iso(parseDate("2024-07-01T00:30:00", { timeZone: paris }))).toBe("2024-06-30T22:30:00.000Z");
    expect(iso(parseDate("2024-01-01T00:30:00Z", { timeZone: paris }))).toBe("2024-01-01T00:30:00.000Z");
    expect(iso(parseDate("2024-01-01T00:30:00", { timeZone: parseTimeZone("-05:00") }))).toBe(
      "2024-01-01T05:30:00.000Z",
    );
  });
});

describe("date math", () => {
  it("adds and subtracts units from now", () => {
    expect(iso(parseDateMath("now-5m", { now: NOW }))).toBe("2024-06-15T12:29:56.789Z");
    expect(iso(parseDateMath("now+1M-1d", { now: NOW }))).toBe("2024-07-14T12:34:56.789Z");
  });

  it("rounds down for gte/lt and to the end of the unit for gt/lte", () => {
    expect(iso(parseDateMath("now-5m/m", { now: NOW }))).toBe("2024-06-15T12:29:00.000Z");
    expect(iso(parseDateMath("now-5m/m", { now: NOW, roundUp: true }))).toBe("2024-06-15T12:29:59.999Z");
    expect(iso(parseDateMath("now/d", { now: NOW, roundUp: true }))).toBe("2024-06-15T23:59:59.999Z");
    expect(iso(parseDateMath("now/w", { now: NOW }))).toBe("2024-06-10T00:00:00.000Z");
  });

  it("rounds in the requested time zone and supports anchored dates", () => {
    const tz = parseTimeZone("+02:00");
    expect(iso(parseDateMath("now/d", { now: NOW, timeZone: tz }))).toBe("2024-06-14T22:00:00.000Z");
    expect(iso(parseDateMath("2024-01-31||+1M", { now: NOW }))).toBe("2024-02-29T00:00:00.000Z");
  });
});
