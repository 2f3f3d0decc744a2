import type { Finding } from "../../findings/finding.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import { dateMathOffset, formatDuration, intervalMs } from "../date-math.js";
import { isRecord, records, strings } from "../values.js";

/** Kibana's create-time defaults for the schedule. */
const DEFAULT_INTERVAL = "5m";
const DEFAULT_FROM = "now-6m";
const DEFAULT_TO = "now";

/**
 * The rule's time settings, as Kibana checks them on create: the from..to window covers the interval, and a
 * new_terms history window starts strictly before `from`. `now` only matters for absolute dates.
 */
export function scheduleCheck(now: number): RuleCheck {
  return (context) => {
    if (context.deprecated) return [];
    const findings: Finding[] = [];
    const interval = setting(context, "interval", DEFAULT_INTERVAL);
    const from = setting(context, "from", DEFAULT_FROM);
    const to = setting(context, "to", DEFAULT_TO);
    const intervalLength = intervalMs(interval.value);
    const fromOffset = dateMathOffset(from.value, now);
    const toOffset = dateMathOffset(to.value, now);
    if (intervalLength === undefined || intervalLength === 0) {
      findings.push(invalid(context, "interval", interval.value, "a positive duration such as 5m, 1h, 1d"));
    }
    if (fromOffset === undefined)
      findings.push(invalid(context, "from", from.value, "date math such as now-6m"));
    if (toOffset === undefined) findings.push(invalid(context, "to", to.value, "date math such as now"));
    if (
      intervalLength &&
      fromOffset !== undefined &&
      toOffset !== undefined &&
      toOffset - fromOffset < intervalLength
    ) {
      findings.push(
        findingAt(
          context,
          "lookback-too-short",
          ["rule", from.given ? "from" : "interval"],
          `from..to window (${from.value}..${to.value}, ${formatDuration(toOffset - fromOffset)}) is shorter than the interval ${interval.value}: events between runs are never searched`,
          `set from to now-${formatDuration(intervalLength + 60_000)} or earlier`,
        ),
      );
    }
    if (context.rule.type === "new_terms" && fromOffset !== undefined) {
      findings.push(...historyWindow(context, from.value, fromOffset, now));
    }
    return findings;
  };
}

function historyWindow(context: RuleContext, from: string, fromOffset: number, now: number): Finding[] {
  const location = historyWindowLocation(context.rule);
  if (!location) return [];
  const offset = dateMathOffset(location.value, now);
  if (offset === undefined) {
    return [
      invalidAt(context, location.path, "history_window_start", location.value, "date math such as now-14d"),
    ];
  }
  if (offset < fromOffset) return [];
  return [
    findingAt(
      context,
      "new-terms-history-window",
      location.path,
      `history_window_start ${location.value} does not start before from ${from}; Kibana rejects the rule`,
      "the history window must reach further back than the rule's look-back, e.g. now-14d",
    ),
  ];
}

/** detection-rules writes [[rule.new_terms.history_window_start]] value = "now-14d"; the API form is flat. */
function historyWindowLocation(
  rule: Record<string, unknown>,
): { value: string; path: (string | number)[] } | undefined {
  if (typeof rule.history_window_start === "string") {
    return { value: rule.history_window_start, path: ["rule", "history_window_start"] };
  }
  const newTerms = isRecord(rule.new_terms) ? rule.new_terms : undefined;
  const entries = records(newTerms?.history_window_start);
  const index = entries.findIndex((entry) => typeof entry.value === "string");
  if (index < 0) return undefined;
  return {
    value: entries[index].value as string,
    path: ["rule", "new_terms", "history_window_start", index, "value"],
  };
}

/** The new_terms fields as written in TOML or in the API form. */
export function newTermsFields(rule: Record<string, unknown>): {
  fields: string[];
  path: (string | number)[];
} {
  if (Array.isArray(rule.new_terms_fields))
    return { fields: strings(rule.new_terms_fields), path: ["rule", "new_terms_fields"] };
  const newTerms = isRecord(rule.new_terms) ? rule.new_terms : undefined;
  return { fields: strings(newTerms?.value), path: ["rule", "new_terms", "value"] };
}

function setting(context: RuleContext, key: string, fallback: string): { value: string; given: boolean } {
  const value = context.rule[key];
  return typeof value === "string" ? { value, given: true } : { value: fallback, given: false };
}

function invalid(context: RuleContext, key: string, value: string, expected: string): Finding {
  return invalidAt(context, ["rule", key], key, value, expected);
}

function invalidAt(
  context: RuleContext,
  path: (string | number)[],
  key: string,
  value: string,
  expected: string,
): Finding {
  return findingAt(
    context,
    "schedule-invalid",
    path,
    `${key} "${value}" cannot be read; expected ${expected}`,
  );
}
