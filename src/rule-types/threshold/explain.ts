import type { Alert } from "../../engine/execution/alert.js";
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import { executionRanges } from "../../engine/execution/schedule.js";
import { buildRuleQuery } from "../../engine/execution/search.js";
import { effectiveTimestamp } from "../../engine/execution/timestamps.js";
import type { FixtureEvent } from "../../engine/rule-tests/fixtures.js";
import { firstValue, sourceValue } from "../../semantics/source.js";
import type { ExplainContext } from "../rule-type.js";

type Terms = { field: string; value: unknown }[];

/** `source.ip=198.51.100.10, user.name=alice`; "all events" for a threshold without group-by fields. */
export function groupLabel(terms: Terms): string {
  return terms.length === 0
    ? "all events"
    : terms.map((term) => `${term.field}=${String(term.value)}`).join(", ");
}

/** The event's group, or undefined when it lacks a group-by field (then it is in no bucket). */
function groupOf(event: FixtureEvent, rule: ExecutableRule): Terms | undefined {
  const terms = rule.threshold!.fields.map((field) => ({
    field,
    value: firstValue(sourceValue(event._source, field)),
  }));
  return terms.every((term) => term.value !== undefined && term.value !== null) ? terms : undefined;
}

/** The threshold alerts whose group is the event's and whose time span covers it. */
export function alertsOfGroup(alerts: readonly Alert[], event: FixtureEvent, rule: ExecutableRule): Alert[] {
  const group = groupOf(event, rule);
  const ts = effectiveTimestamp(event._source, rule);
  if (!group || ts === undefined) return [];
  return alerts.filter((alert) => {
    const threshold = alert.threshold;
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
export async function explainThreshold(context: ExplainContext, event: FixtureEvent): Promise<string[]> {
  const { rule } = context;
  const threshold = rule.threshold!;
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
    const counted = (candidate: FixtureEvent) => {
      const ts = effectiveTimestamp(candidate._source, rule);
      return (
        ts !== undefined &&
        context.arrival(candidate) <= startedAt.getTime() &&
        ranges.some((range) => ts >= range.from.getTime() && ts <= range.to.getTime())
      );
    };
    if (!counted(event)) continue;
    const inRange = members.filter(counted);
    const comparison = inRange.length >= threshold.value ? "≥" : "<";
    let reason = `group ${groupLabel(group)} in the execution at ${startedAt.toISOString()}: ${inRange.length} events ${comparison} ${threshold.value}`;
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
