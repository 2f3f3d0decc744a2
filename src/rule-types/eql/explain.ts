/**
 * Why a fixture event of an EQL rule's test did or did not alert: whether it matches the event query or which
 * sequence (or sample) term it matches, and for a sequence event that raised nothing, what kept it out — no
 * event for the neighbouring term, join keys that differ, a gap beyond `maxspan`, an `until` event in between.
 */
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import type { FixtureEvent } from "../../engine/rule-tests/fixtures.js";
import type { JsonObject } from "../../engine/types.js";
import type { EqlExpression, EqlSample, EqlSequence, EqlStatement } from "../../eql/ast.js";
import { checkEql } from "../../eql/index.js";
import { parseIsoDate } from "../../semantics/date-math.js";
import { firstValue, sourceValue } from "../../semantics/source.js";
import type { ExplainContext } from "../rule-type.js";
import type { EqlParams } from "./params.js";

type Context = ExplainContext<EqlParams>;

/** A term of a sequence or sample: its position as written, its event query's text, its join keys. */
interface Term {
  number: number;
  text: string;
  missing: boolean;
  by: EqlExpression[];
}

/** What an event's explanation draws on: the query's terms and the events each matches. */
interface Analysis {
  statement: EqlStatement;
  terms: Term[];
  until?: Term;
  /** Per term (and `until` last), the events (`index/id`) it matches. */
  matching: Set<string>[];
  /** Events an event query matches, ignoring time ranges. */
  queryMatches?: Set<string>;
  /** An event query's category and top-level `and` clauses, each with the events it matches on its own. */
  clauses?: { text: string; matching: Set<string> }[];
}

export async function explainEql(context: Context, event: FixtureEvent, alerted: boolean): Promise<string[]> {
  // Worked out again for each event: a case has a handful of events, and the searches are local.
  const analysis = await analyse(context);
  const { statement, terms, until, matching, queryMatches, clauses = [] } = analysis;
  const key = eventKey(event);
  if (queryMatches) {
    if (queryMatches.has(key)) return [];
    const failing = clauses
      .filter((clause) => !clause.matching.has(key))
      .map((clause) => `\`${clause.text}\``);
    return [
      failing.length > 0
        ? `does not match the query: ${failing.join(", ")} failed`
        : "does not match the query",
    ];
  }
  const kind = statement.query.type === "sample" ? "sample" : "sequence";
  const matched = terms.filter((_, i) => matching[i].has(key));
  const reasons: string[] = [];
  if (until && matching[terms.length].has(key)) reasons.push(`matches the until term (\`${until.text}\`)`);
  if (matched.length === 0) {
    if (reasons.length === 0) reasons.push(`matches no term of the ${kind}`);
    return reasons;
  }
  for (const term of matched) {
    reasons.push(
      term.missing
        ? `matches missing-event term ${term.number} (\`${term.text}\`): a ${kind} with it inside its span does not alert`
        : `matches ${kind} term ${term.number} of ${terms.length} (\`${term.text}\`)`,
    );
  }
  if (!alerted && statement.query.type === "sequence") {
    const term = matched.find((each) => !each.missing);
    if (term) reasons.push(...whyNoSequence(context, analysis, statement.query, term, event));
  }
  return reasons;
}

async function analyse(context: Context): Promise<Analysis> {
  const { rule } = context;
  const statement = checkEql(rule.query);
  const query = statement.query;
  if (query.type === "event") {
    const clauses = [];
    if (query.category) {
      const category = rule.query.slice(query.category.start, query.category.end);
      const text = `${category} where true`;
      clauses.push({ text, matching: await matchingEvents(context, text) });
    }
    for (const clause of andClauses(query.condition)) {
      const text = rule.query.slice(clause.start, clause.end).replace(/\s+/g, " ");
      clauses.push({ text, matching: await matchingEvents(context, `any where ${text}`) });
    }
    return {
      statement,
      terms: [],
      matching: [],
      queryMatches: await matchingEvents(context, rule.query),
      clauses: clauses.length > 1 ? clauses : [],
    };
  }
  const terms = termsOf(rule.query, query);
  const until = query.type === "sequence" && query.until ? termOf(rule.query, query.until, 0) : undefined;
  const matching: Set<string>[] = [];
  for (const term of until ? [...terms, until] : terms)
    matching.push(await matchingEvents(context, term.text));
  return { statement, terms, until, matching };
}

function termsOf(query: string, statement: EqlSequence | EqlSample): Term[] {
  return statement.terms.map((term, i) => termOf(query, term, i + 1));
}

function termOf(
  query: string,
  term: { query: { start: number; end: number }; by: EqlExpression[]; missing?: boolean },
  number: number,
): Term {
  return {
    number,
    text: query.slice(term.query.start, term.query.end).replace(/\s+/g, " "),
    missing: term.missing === true,
    by: term.by,
  };
}

/** `a and b and c` as [a, b, c]; any other condition as itself. */
function andClauses(condition: EqlExpression): EqlExpression[] {
  return condition.type === "and"
    ? [...andClauses(condition.left), ...andClauses(condition.right)]
    : [condition];
}

/** The events (`index/id`) an event query matches among everything the case indexed, in any time. */
async function matchingEvents(context: Context, eventQuery: string): Promise<Set<string>> {
  const { rule } = context;
  const response = await context.session.eqlSearch({
    index: rule.index,
    body: { query: eventQuery, size: Math.max(context.events.length, 1), ...eqlFields(rule) },
  });
  return new Set((response.hits.events ?? []).map(eventKey));
}

function eqlFields(rule: ExecutableRule<EqlParams>): JsonObject {
  const { timestampField, eventCategoryOverride, tiebreakerField } = rule.params;
  return {
    ...(timestampField ? { timestamp_field: timestampField } : {}),
    ...(eventCategoryOverride ? { event_category_field: eventCategoryOverride } : {}),
    ...(tiebreakerField ? { tiebreaker_field: tiebreakerField } : {}),
  };
}

/**
 * For an event that matches a positive sequence term but is in no sequence: the events of the neighbouring
 * positive term (the one before, or after for the first) and what keeps each pairing from forming.
 */
function whyNoSequence(
  context: Context,
  analysis: Analysis,
  sequence: EqlSequence,
  term: Term,
  event: FixtureEvent,
): string[] {
  const { terms, matching, until } = analysis;
  const positive = terms.filter((each) => !each.missing);
  const at = positive.indexOf(term);
  const neighbour = at === 0 ? positive[1] : positive[at - 1];
  if (!neighbour) return [];
  const later = at === 0;
  const time = (each: FixtureEvent) => timestampOf(each, context.rule);
  const ownTime = time(event);
  const neighbours = context.events.filter((each) => {
    if (each === event || !matching[neighbour.number - 1].has(eventKey(each))) return false;
    const other = time(each);
    return ownTime !== undefined && other !== undefined && (later ? other >= ownTime : other <= ownTime);
  });
  const where = later ? "later" : "earlier";
  if (neighbours.length === 0) return [`no ${where} event matches term ${neighbour.number}`];
  const ownKeys = joinKeys(event, sequence.by, term.by);
  const sameKeys = neighbours.filter((each) =>
    sameValues(joinKeys(each, sequence.by, neighbour.by), ownKeys),
  );
  if (sameKeys.length === 0) {
    const theirs = neighbours.map(
      (each) => `${each._id} ${JSON.stringify(joinKeys(each, sequence.by, neighbour.by))}`,
    );
    return [
      `join keys ${JSON.stringify(ownKeys)} differ from the ${where} term-${neighbour.number} events': ${theirs.join(", ")}`,
    ];
  }
  const reasons: string[] = [];
  for (const other of sameKeys) {
    const gap = Math.abs((time(other) ?? 0) - (ownTime ?? 0));
    if (sequence.maxspan && gap > sequence.maxspan.millis) {
      reasons.push(
        `${other._id} (term ${neighbour.number}, same keys) is ${gap / 1000}s away: beyond maxspan=${sequence.maxspan.value}${sequence.maxspan.unit}`,
      );
      continue;
    }
    const [from, to] = later ? [ownTime ?? 0, time(other) ?? 0] : [time(other) ?? 0, ownTime ?? 0];
    const killer = until
      ? context.events.find((each) => {
          const t = time(each);
          return (
            matching[terms.length].has(eventKey(each)) &&
            t !== undefined &&
            t > from &&
            t < to &&
            sameValues(joinKeys(each, sequence.by, until.by), ownKeys)
          );
        })
      : undefined;
    if (killer) reasons.push(`the until event ${killer._id} between it and ${other._id} ends the sequence`);
  }
  return reasons;
}

/** The values of the sequence's and the term's `by` fields, first value each; null when missing. */
function joinKeys(event: FixtureEvent, common: EqlExpression[], own: EqlExpression[]): unknown[] {
  return [...common, ...own].map((key) =>
    key.type === "field" ? (firstValue(sourceValue(event._source, key.name)) ?? null) : null,
  );
}

function sameValues(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function timestampOf(event: FixtureEvent, rule: ExecutableRule<EqlParams>): number | undefined {
  const value = firstValue(sourceValue(event._source, rule.params.timestampField ?? "@timestamp"));
  if (typeof value === "number") return value;
  return typeof value === "string" ? parseIsoDate(value)?.getTime() : undefined;
}

function eventKey(event: { _index: string; _id: string }): string {
  return `${event._index}/${event._id}`;
}
