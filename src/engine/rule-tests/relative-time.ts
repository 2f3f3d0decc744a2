import { parseIsoDate } from "../../semantics/date-math.js";

const RELATIVE = /^(?:at execution|(\d+(?:\.\d+)?)(ms|s|m|h|d) (before|after) execution)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "2m before execution", "3d before execution", "90s after execution", "at execution" → a time. */
export function parseRelativeTime(text: string, execution: Date): Date | undefined {
  const match = RELATIVE.exec(text.trim());
  if (!match) return undefined;
  if (match[1] === undefined) return new Date(execution.getTime());
  const offset = Number(match[1]) * UNIT_MS[match[2]];
  return new Date(execution.getTime() + (match[3] === "before" ? -offset : offset));
}

/** Replaces relative times anywhere in a document with ISO timestamps. */
export function resolveRelativeTimes<T>(value: T, execution: Date): T {
  if (typeof value === "string") {
    const time = parseRelativeTime(value, execution);
    return (time ? time.toISOString() : value) as T;
  }
  if (Array.isArray(value)) return value.map((item) => resolveRelativeTimes(item, execution)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveRelativeTimes(item, execution)]),
    ) as T;
  }
  return value;
}

/** A time written as ISO 8601 or relative to the execution. */
export function parseTime(text: string, execution: Date): Date | undefined {
  const relative = parseRelativeTime(text, execution);
  if (relative) return relative;
  return parseIsoDate(text);
}
