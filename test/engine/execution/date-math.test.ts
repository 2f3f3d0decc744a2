import { describe, expect, it } from "vitest";
import { consecutiveExecutions, executionRanges } from "../../../src/engine/execution/index.js";
import { intervalToMs, resolveDateMath } from "../../../src/semantics/date-math.js";
import { DateParseError } from "../../../src/semantics/dates.js";
import { rule } from "./helpers.js";

const NOW = new Date("2025-01-15T12:34:56.789Z");
const iso = (expression: string, roundUp = false) => resolveDateMath(expression, NOW, roundUp).toISOString();

describe("resolveDateMath", () => {
  it("resolves now and offsets from it", () => {
    expect(iso("now")).toBe("2025-01-15T12:34:56.789Z");
    expect(iso("now-9m")).toBe("2025-01-15T12:25:56.789Z");
    expect(iso("now-7d")).toBe("2025-01-08T12:34:56.789Z");
    expect(iso("now+90s")).toBe("2025-01-15T12:36:26.789Z");
    expect(iso("now-2h")).toBe("2025-01-15T10:34:56.789Z");
    expect(iso("now-1w")).toBe("2025-01-08T12:34:56.789Z");
    expect(iso("  now-9m  ")).toBe("2025-01-15T12:25:56.789Z");
  });

  it("adds calendar months and years", () => {
    expect(iso("now-1M")).toBe("2024-12-15T12:34:56.789Z");
    expect(iso("now+1y")).toBe("2026-01-15T12:34:56.789Z");
  });

  it("chains several steps", () => {
    expect(iso("now-1d-12h")).toBe("2025-01-14T00:34:56.789Z");
  });

  it("rounds down, or up to the last millisecond of the unit", () => {
    expect(iso("now/d")).toBe("2025-01-15T00:00:00.000Z");
    expect(iso("now/d", true)).toBe("2025-01-15T23:59:59.999Z");
    expect(iso("now/h")).toBe("2025-01-15T12:00:00.000Z");
    expect(iso("now/m", true)).toBe("2025-01-15T12:34:59.999Z");
    expect(iso("now-7d/d")).toBe("2025-01-08T00:00:00.000Z");
    expect(iso("now/M")).toBe("2025-01-01T00:00:00.000Z");
    expect(iso("now/M", true)).toBe("2025-01-31T23:59:59.999Z");
    expect(iso("now/y")).toBe("2025-01-01T00:00:00.000Z");
    // 2025-01-15 is a Wednesday; ISO weeks start on Monday the 13th.
    expect(iso("now/w")).toBe("2025-01-13T00:00:00.000Z");
    expect(iso("now/w", true)).toBe("2025-01-19T23:59:59.999Z");
  });

  it("reads absolute ISO dates, with and without math after ||", () => {
    expect(iso("2025-01-01T08:00:00Z")).toBe("2025-01-01T08:00:00.000Z");
    expect(iso("2025-01-01T08:00:00.250Z")).toBe("2025-01-01T08:00:00.250Z");
    expect(iso("2025-01-01||+1d")).toBe("2025-01-02T00:00:00.000Z");
    expect(iso("2025-01-01T08:30:00Z||/h")).toBe("2025-01-01T08:00:00.000Z");
    expect(iso("2025-01-01T08:30:00Z||-1d/d")).toBe("2024-12-31T00:00:00.000Z");
  });

  it("reads dates without a zone as UTC, as Elasticsearch does", () => {
    expect(iso("2025-01-01T08:00:00")).toBe("2025-01-01T08:00:00.000Z");
    expect(iso("2025-01-01")).toBe("2025-01-01T00:00:00.000Z");
  });

  it("refuses what is not date math, naming the expression", () => {
    for (const bad of ["yesterday", "now-9x", "now-", "now+m", "now/q", "2025-13-45", "2025-01-01||+", ""]) {
      expect(() => resolveDateMath(bad, NOW), bad).toThrow(DateParseError);
    }
    expect(() => resolveDateMath("now-9x", NOW)).toThrow(/now-9x/);
  });
});

describe("intervalToMs", () => {
  it("reads seconds, minutes, hours and days", () => {
    expect(intervalToMs("30s")).toBe(30_000);
    expect(intervalToMs("5m")).toBe(300_000);
    expect(intervalToMs("1h")).toBe(3_600_000);
    expect(intervalToMs("2d")).toBe(172_800_000);
  });

  it("refuses other text", () => {
    for (const bad of ["5", "m", "5 minutes", "-5m", "1w"])
      expect(() => intervalToMs(bad), bad).toThrow(DateParseError);
  });
});

describe("executionRanges", () => {
  const started = new Date("2025-01-15T12:00:00.000Z");
  const shown = (ranges: { from: Date; to: Date }[]) =>
    ranges.map(
      (range) => `${range.from.toISOString().slice(11, 19)}…${range.to.toISOString().slice(11, 19)}`,
    );

  it("searches [from, to] resolved against the start time", () => {
    expect(shown(executionRanges(rule(), started))).toEqual(["11:51:00…12:00:00"]);
    expect(shown(executionRanges(rule({ from: "now-15m", to: "now-1m" }), started))).toEqual([
      "11:45:00…11:59:00",
    ]);
  });

  it("overlaps consecutive on-time runs by four minutes and adds no catch-up", () => {
    const previous = new Date("2025-01-15T11:55:00.000Z");
    const before = executionRanges(rule(), previous);
    const now = executionRanges(rule(), started, previous);
    expect(shown(now)).toEqual(["11:51:00…12:00:00"]);
    expect(before[0].to.getTime() - now[0].from.getTime()).toBe(4 * 60_000);
  });

  it("adds catch-up ranges, shifted back by whole intervals, oldest first", () => {
    // 17 minutes since the previous start, 9 covered: a gap of 8 minutes needs two 5-minute catch-ups.
    const previous = new Date("2025-01-15T11:43:00.000Z");
    expect(shown(executionRanges(rule(), started, previous))).toEqual([
      "11:41:00…11:50:00",
      "11:46:00…11:55:00",
      "11:51:00…12:00:00",
    ]);
  });

  it("adds exactly one catch-up for a gap of one millisecond", () => {
    const previous = new Date(started.getTime() - 9 * 60_000 - 1);
    expect(executionRanges(rule(), started, previous)).toHaveLength(2);
    expect(executionRanges(rule(), started, new Date(started.getTime() - 9 * 60_000))).toHaveLength(1);
  });

  it("caps catch-up at four ranges; the rest of the gap is never searched", () => {
    const previous = new Date("2025-01-15T09:00:00.000Z");
    expect(shown(executionRanges(rule(), started, previous))).toEqual([
      "11:31:00…11:40:00",
      "11:36:00…11:45:00",
      "11:41:00…11:50:00",
      "11:46:00…11:55:00",
      "11:51:00…12:00:00",
    ]);
  });

  it("schedules consecutive executions one interval apart", () => {
    expect(consecutiveExecutions(rule({ interval: "1h" }), started, 3).map((d) => d.toISOString())).toEqual([
      "2025-01-15T12:00:00.000Z",
      "2025-01-15T13:00:00.000Z",
      "2025-01-15T14:00:00.000Z",
    ]);
  });
});
