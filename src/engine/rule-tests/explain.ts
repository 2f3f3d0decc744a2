import type { KqlNode } from "../../kql/index.js";
import { parseKql, toElasticsearchQuery } from "../../kql/index.js";
import { queryLanguage } from "../../languages.js";
import { executionFor } from "../../rule-types/executable.js";
import type { ExplainContext } from "../../rule-types/rule-type.js";
import { resolveIndices } from "../../semantics/index-patterns.js";
import type { ExecutableRule } from "../execution/index.js";
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

export type ExplainInput = Omit<ExplainContext, "matches">;

/**
 * Says for each fixture event why it did or did not raise an alert: index not read, not yet arrived,
 * which query clause failed, outside every range, and what the rule type adds (a term seen in the history
 * window, the threshold group's count).
 */
export async function explainEvents(input: ExplainInput): Promise<EventExplanation[]> {
  const { rule, events } = input;
  const execution = executionFor(rule);
  const context: ExplainContext = {
    ...input,
    matches: (event, query) => matches(input.session, event, query),
  };
  const clauses = topLevelClauses(rule);
  const explanations: EventExplanation[] = [];
  for (const event of events) {
    const alerted = execution
      .alertsOf(input.alerts, event, rule)
      .map((alert) => `alert in execution at ${alert.execution}${execution.alertSubject(alert)}`);
    const reasons: string[] = [];
    if (resolveIndices([event._index], rule.index).length === 0) {
      reasons.push(`index ${event._index} is not read by the rule (${rule.index.join(", ")})`);
    } else if (!queryLanguage(rule.language)?.translate) {
      // A query that is not searched as query DSL (EQL): the type's module says whether and how it matches.
      reasons.push(...(await execution.explain(context, event, alerted.length > 0)));
      reasons.push(...timeReasons(input, event));
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
        reasons.push(...(await execution.explain(context, event, alerted.length > 0)));
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
