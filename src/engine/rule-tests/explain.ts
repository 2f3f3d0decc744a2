import type { KqlNode } from "../../kql/index.js";
import { parseKql, toElasticsearchQuery } from "../../kql/index.js";
import { resolveDateMath } from "../../semantics/date-math.js";
import { resolveIndices } from "../../semantics/index-patterns.js";
import { sourceValue } from "../../semantics/source.js";
import type { Alert, ExecutableRule } from "../execution/index.js";
import { buildRuleQuery, executionRanges } from "../execution/index.js";
import { effectiveTimestamp } from "../execution/timestamps.js";
import type { JsonObject, SearchSession } from "../types.js";
import type { FixtureEvent } from "./fixtures.js";

export interface EventExplanation {
  id: string;
  index: string;
  alerted: string[];
  reasons: string[];
}

export interface ExplainInput {
  rule: ExecutableRule;
  events: FixtureEvent[];
  executions: Date[];
  alerts: Alert[];
  arrival: (event: FixtureEvent) => number;
  /** A session holding every event of the case. */
  session: SearchSession;
}

/**
 * Says for each fixture event why it did or did not raise an alert: index not read, not yet arrived,
 * which query clause failed, outside every range, new-terms field missing or term seen in history.
 */
export async function explainEvents(input: ExplainInput): Promise<EventExplanation[]> {
  const { rule, events } = input;
  const clauses = topLevelClauses(rule);
  const explanations: EventExplanation[] = [];
  for (const event of events) {
    const alerted = input.alerts
      .filter((alert) => alert._id === event._id && alert._index === event._index)
      .map(
        (alert) =>
          `alert in execution at ${alert.execution}${alert.new_terms ? ` for ${JSON.stringify(alert.new_terms)}` : ""}`,
      );
    const reasons: string[] = [];
    if (resolveIndices([event._index], rule.index).length === 0) {
      reasons.push(`index ${event._index} is not read by the rule (${rule.index.join(", ")})`);
    } else {
      const matchesQuery = await matches(input.session, event, buildRuleQuery(rule));
      if (!matchesQuery) {
        const failing: string[] = [];
        for (const clause of clauses) {
          if (!(await matches(input.session, event, clause.dsl))) failing.push(clause.text);
        }
        reasons.push(
          failing.length > 0
            ? `does not match the query: ${failing.map((text) => `\`${text}\``).join(", ")} failed`
            : "does not match the query",
        );
      } else {
        reasons.push(...timeReasons(input, event));
        if (rule.newTerms) reasons.push(...(await newTermsReasons(input, event)));
        if (alerted.length === 0 && rule.newTerms) reasons.push(...sameTermAlerted(input, event));
      }
    }
    explanations.push({ id: event._id, index: event._index, alerted, reasons });
  }
  return explanations;
}

function topLevelClauses(rule: ExecutableRule): { text: string; dsl: JsonObject }[] {
  if (rule.language !== "kuery" || rule.query.trim() === "") return [];
  const ast: KqlNode = parseKql(rule.query);
  const parts = ast.type === "function" && ast.function === "and" ? ast.arguments : [ast];
  return parts.map((part) => ({
    text: rule.query.slice(part.start, part.end).replace(/\s+/g, " "),
    dsl: toElasticsearchQuery(part, { config: { dateFormatTZ: "Zulu" } }) as JsonObject,
  }));
}

async function matches(session: SearchSession, event: FixtureEvent, query: JsonObject): Promise<boolean> {
  const response = await session.search({
    index: [event._index],
    size: 1,
    query: { bool: { filter: [{ ids: { values: [event._id] } }, query] } },
  });
  return response.hits.hits.length > 0;
}

function timeReasons(input: ExplainInput, event: FixtureEvent): string[] {
  const { rule } = input;
  const ts = effectiveTimestamp(event._source, rule);
  const field = rule.secondaryTimestamp
    ? `${rule.primaryTimestamp} (or @timestamp when missing)`
    : rule.primaryTimestamp;
  if (ts === undefined) return [`has no usable ${field}, so no time range contains it`];
  const arrivedAt = input.arrival(event);
  const reasons: string[] = [];
  let previous: Date | undefined;
  let inAnyRange = false;
  for (const startedAt of input.executions) {
    const visible = arrivedAt <= startedAt.getTime();
    const inRange = executionRanges(rule, startedAt, previous).some(
      (range) => ts >= range.from.getTime() && ts <= range.to.getTime(),
    );
    if (inRange && !visible)
      reasons.push(`in the range of the execution at ${startedAt.toISOString()} but not yet indexed`);
    if (inRange && visible) inAnyRange = true;
    previous = startedAt;
  }
  if (!inAnyRange) reasons.push(`${field} ${new Date(ts).toISOString()} is outside every execution's range`);
  return reasons;
}

function sameTermAlerted(input: ExplainInput, event: FixtureEvent): string[] {
  const values = JSON.stringify(
    input.rule.newTerms!.fields.map((field) => sourceValue(event._source, field)),
  );
  const other = input.alerts.find(
    (alert) => alert._id !== event._id && JSON.stringify(alert.new_terms) === values,
  );
  return other ? [`its term alerted on ${other._id}, the earliest event carrying it`] : [];
}

async function newTermsReasons(input: ExplainInput, event: FixtureEvent): Promise<string[]> {
  const { rule } = input;
  const fields = rule.newTerms!.fields;
  const values = fields.map((field) => sourceValue(event._source, field));
  const missing = fields.filter((_, i) => values[i] === undefined || values[i] === null);
  if (missing.length > 0) return [`has no ${missing.join(", ")}, so it has no term`];
  const reasons: string[] = [];
  const ts = effectiveTimestamp(event._source, rule);
  for (const startedAt of input.executions) {
    const from = resolveDateMath(rule.from, startedAt).getTime();
    const historyStart = resolveDateMath(rule.newTerms!.historyWindowStart, startedAt).getTime();
    if (ts === undefined || ts < from) continue;
    const earlier = input.events.find((other) => {
      if (other === event || other._index === undefined) return false;
      const otherTs = effectiveTimestamp(other._source, rule);
      return (
        otherTs !== undefined &&
        otherTs >= historyStart &&
        otherTs <= from &&
        input.arrival(other) <= startedAt.getTime() &&
        fields.every(
          (field, i) => JSON.stringify(sourceValue(other._source, field)) === JSON.stringify(values[i]),
        )
      );
    });
    if (earlier && (await matches(input.session, earlier, buildRuleQuery(rule)))) {
      reasons.push(
        `term ${JSON.stringify(values)} was already seen at ${new Date(effectiveTimestamp(earlier._source, rule)!).toISOString()} (${earlier._id}), inside the history window of the execution at ${startedAt.toISOString()}`,
      );
    }
  }
  return reasons;
}
