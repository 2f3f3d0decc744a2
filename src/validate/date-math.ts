/**
 * Rule time settings as offsets from `now`, for comparing them with each other in checks.
 */
import { intervalToMs, resolveDateMath } from "../semantics/date-math.js";
import { DateParseError } from "../semantics/dates.js";

/** Offset from `now` in ms (negative = past), or undefined when `expression` is not date math. */
export function dateMathOffset(expression: string, now: number): number | undefined {
  try {
    return resolveDateMath(expression, new Date(now)).getTime() - now;
  } catch (error) {
    if (error instanceof DateParseError) return undefined;
    throw error;
  }
}

/** Length of a rule interval such as `5m` or `1h` in ms, or undefined when malformed. */
export function intervalMs(interval: string): number | undefined {
  try {
    return intervalToMs(interval);
  } catch (error) {
    if (error instanceof DateParseError) return undefined;
    throw error;
  }
}

/** Human form of a duration for messages: 6m, 1h30m, 2d. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms / 1000));
  const parts: string[] = [];
  for (const [unit, seconds] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    if (rest >= seconds) {
      parts.push(`${Math.floor(rest / seconds)}${unit}`);
      rest %= seconds;
    }
  }
  return sign + (parts.join("") || "0s");
}
