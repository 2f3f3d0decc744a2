import type { Alert } from "../../engine/execution/alert.js";
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import { executionRanges } from "../../engine/execution/schedule.js";
import { buildRuleQuery } from "../../engine/execution/search.js";
import { effectiveTimestamp } from "../../engine/execution/timestamps.js";
import type { FixtureEvent } from "../../engine/rule-tests/fixtures.js";
import { firstValue, sourceValue } from "../../semantics/source.js";
import type { ExplainContext } from "../rule-type.js";
import { type Terms, type ThresholdParams, thresholdOf } from "./params.js";

/** `source.ip=198.51.100.10, user.name=alice`; "all events" for a threshold without group-by fields. */
export function groupLabel(terms: Terms): string {
  return terms.length === 0
    ? "all events"
    : terms.map((term) => `${term.field}=${String(term.value)}`).join(", ");
}

/** The event's group, or undefined when it lacks a group-by field (then it is in no bucket). */
function groupOf(event: FixtureEvent, rule: ExecutableRule<ThresholdParams>): Terms | undefined {
  const terms = rule.params.fields.map((field) => ({
    field,
    value: firstValue(sourceValue(event._source, field)),
  }));
  return terms.every((term) => term.value !== undefined && term.value !== null) ? terms : undefined;
}

/** The threshold alerts whose group is the event's and whose time span covers it. */
export function alertsOfGroup(
  alerts: readonly Alert[],
  event: FixtureEvent,
  rule: ExecutableRule<ThresholdParams>,
): Alert[] {
  const group = groupOf(event, rule);
  const ts = effectiveTimestamp(event._source, rule);
  if (!group || ts === undefined) return [];
  return alerts.filter((alert) => {
    const threshold = thresholdOf(alert);
    if (!threshold || JSON.stringify(threshold.terms) !== JSON.stringify(group)) return false;
    const last =
      alert.original_time === undefined ? Number.POSITIVE_INFINITY : Date.parse(alert.original_time);
    return ts >= Date.parse(threshold.from) && ts <= last;
  });
}

/**
 * For each execution whose range holds the event: its group and that group's count against the threshold
 * (and the distinct values of the cardinality field against its minimum), counting the fixture events of the
 * group that match the query, are in range and were indexed before the execution.
 */
export async function explainThreshold(
  context: ExplainContext<ThresholdParams>,
  event: FixtureEvent,
): Promise<string[]> {
  const { rule } = context;
  const threshold = rule.params;
  const group = groupOf(event, rule);
  if (!group) {
    const missing = threshold.fields.filter((field) => firstValue(sourceValue(event._source, field)) == null);
    return [`has no ${missing.join(", ")}, so it falls in no threshold group`];
  }
  const query = buildRuleQuery(rule);
  const members: FixtureEvent[] = [];
  for (const other of context.events) {
    if (
      JSON.stringify(groupOf(other, rule)) === JSON.stringify(group) &&
      (await context.matches(other, query))
    )
      members.push(other);
  }
  const reasons: string[] = [];
  let previous: Date | undefined;
  for (const startedAt of context.executions) {
    const ranges = executionRanges(rule, startedAt, previous);
    previous = startedAt;
    const lastSignal = lastSignalBefore(context.alerts, group, startedAt);
    const counted = (candidate: FixtureEvent) => {
      const ts = effectiveTimestamp(candidate._source, rule);
      return (
        ts !== undefined &&
        ts > lastSignal &&
        context.arrival(candidate) <= startedAt.getTime() &&
        ranges.some((range) => ts >= range.from.getTime() && ts <= range.to.getTime())
      );
    };
    if (!counted(event)) continue;
    const inRange = members.filter(counted);
    const comparison = inRange.length >= threshold.value ? "≥" : "<";
    let reason = `group ${groupLabel(group)} in the execution at ${startedAt.toISOString()}: ${inRange.length} events ${comparison} ${threshold.value}`;
    if (lastSignal > Number.NEGATIVE_INFINITY)
      reason += ` (events up to ${new Date(lastSignal).toISOString()} were counted by an earlier alert)`;
    if (threshold.cardinality) {
      const { field, value } = threshold.cardinality;
      const distinct = new Set(
        inRange.map((member) => JSON.stringify(firstValue(sourceValue(member._source, field)) ?? null)),
      );
      distinct.delete("null");
      reason += `, cardinality of ${field} ${distinct.size} ${distinct.size >= value ? "≥" : "<"} ${value}`;
    }
    reasons.push(reason);
  }
  return reasons;
}

/**
 * The signal history Kibana keeps for a group: events at or before the latest event an earlier execution's alert
 * of the group counted are not counted again.
 */
function lastSignalBefore(alerts: readonly Alert[], group: Terms, startedAt: Date): number {
  let last = Number.NEGATIVE_INFINITY;
  for (const alert of alerts) {
    const result = thresholdOf(alert);
    if (!result || Date.parse(alert.execution) >= startedAt.getTime()) continue;
    if (JSON.stringify(result.terms) !== JSON.stringify(group) || alert.original_time === undefined) continue;
    last = Math.max(last, Date.parse(alert.original_time));
  }
  return last;
}
