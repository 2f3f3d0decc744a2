import { buildRuleQuery } from "../../engine/execution/search.js";
import { effectiveTimestamp } from "../../engine/execution/timestamps.js";
import type { FixtureEvent } from "../../engine/rule-tests/fixtures.js";
import { resolveDateMath } from "../../semantics/date-math.js";
import { sourceValue } from "../../semantics/source.js";
import type { ExplainContext } from "../rule-type.js";
import { type NewTermsParams, newTermsOf } from "./params.js";

/** A missing term, a term already seen in the history window, or a term that alerted on an earlier event. */
export async function explainNewTerms(
  context: ExplainContext<NewTermsParams>,
  event: FixtureEvent,
  alerted: boolean,
): Promise<string[]> {
  const reasons = await historyReasons(context, event);
  if (!alerted) reasons.push(...sameTermAlerted(context, event));
  return reasons;
}

function sameTermAlerted(context: ExplainContext<NewTermsParams>, event: FixtureEvent): string[] {
  const values = JSON.stringify(context.rule.params.fields.map((field) => sourceValue(event._source, field)));
  const other = context.alerts.find(
    (alert) => alert._id !== event._id && JSON.stringify(newTermsOf(alert)) === values,
  );
  return other ? [`its term alerted on ${other._id}, the earliest event carrying it`] : [];
}

async function historyReasons(
  context: ExplainContext<NewTermsParams>,
  event: FixtureEvent,
): Promise<string[]> {
  const { rule } = context;
  const fields = rule.params.fields;
  const values = fields.map((field) => sourceValue(event._source, field));
  const missing = fields.filter((_, i) => values[i] === undefined || values[i] === null);
  if (missing.length > 0) return [`has no ${missing.join(", ")}, so it has no term`];
  const reasons: string[] = [];
  const ts = effectiveTimestamp(event._source, rule);
  for (const startedAt of context.executions) {
    const from = resolveDateMath(rule.from, startedAt).getTime();
    const historyStart = resolveDateMath(rule.params.historyWindowStart, startedAt).getTime();
    if (ts === undefined || ts < from) continue;
    const earlier = context.events.find((other) => {
      if (other === event || other._index === undefined) return false;
      const otherTs = effectiveTimestamp(other._source, rule);
      return (
        otherTs !== undefined &&
        otherTs >= historyStart &&
        otherTs <= from &&
        context.arrival(other) <= startedAt.getTime() &&
        fields.every(
          (field, i) => JSON.stringify(sourceValue(other._source, field)) === JSON.stringify(values[i]),
        )
      );
    });
    if (earlier && (await context.matches(earlier, buildRuleQuery(rule)))) {
      reasons.push(
        `term ${JSON.stringify(values)} was already seen at ${new Date(effectiveTimestamp(earlier._source, rule)!).toISOString()} (${earlier._id}), inside the history window of the execution at ${startedAt.toISOString()}`,
      );
    }
  }
  return reasons;
}
