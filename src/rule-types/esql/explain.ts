import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import type { FixtureEvent } from "../../engine/rule-tests/fixtures.js";
import type { JsonObject } from "../../engine/types.js";
import type { Command, Expression } from "../../esql/ast.js";
import { parseEsql } from "../../esql/parser.js";
import { sourceValue } from "../../semantics/source.js";
import type { ExplainContext } from "../rule-type.js";
import type { EsqlQueryShape } from "./query-shape.js";
import { rowColumns, rowsOf } from "./rows.js";

/**
 * Why an event in a range did (not) alert, command by command: the query is run over that event alone, cut after
 * each WHERE, to find the first that drops it; an event that reaches STATS is named with its group; one that passes
 * every command is shown with the row the query gives for it.
 */
export async function explainEsql(
  context: ExplainContext<EsqlQueryShape>,
  event: FixtureEvent,
): Promise<string[]> {
  const text = context.rule.params.query;
  const commands = parseEsql(text).commands;
  const filter = { bool: { filter: [{ ids: { values: [event._id] } }] } };
  const rowsUpTo = async (end: number, tail = "") =>
    rowsOf(await context.session.esqlQuery({ query: `${text.slice(0, end)}${tail}`, filter })).filter(
      (row) => row._index === undefined || row._index === event._index,
    );
  for (const [i, command] of commands.entries()) {
    if (i === 0) continue;
    if (command.type === "stats") {
      const previous = commands[i - 1].end;
      const by = groupsText(command, text);
      if (by === undefined)
        return [`kept up to \`${snippet(text, command)}\`, which counts it into its one row`];
      const group = rowColumns((await rowsUpTo(previous, `\n| STATS BY ${by}`))[0] ?? {});
      const counted = `kept up to \`${snippet(text, command)}\`, which counts it in the group ${JSON.stringify(group)}`;
      const rows = context.alerts.filter((alert) => sameGroup(group, alert.details.columns as JsonObject));
      return [
        rows.length > 0
          ? `${counted}, whose row alerted in ${rows.map((alert) => `the execution at ${alert.execution}`).join(", ")}`
          : `${counted}, whose row raised no alert (a later command dropped it, or it was in no execution's range)`,
      ];
    }
    if (command.type !== "where") continue;
    if ((await rowsUpTo(command.end)).length > 0) continue;
    const failing: string[] = [];
    for (const condition of conjuncts(command.condition)) {
      const written = text.slice(condition.start, condition.end);
      if ((await rowsUpTo(commands[i - 1].end, `\n| WHERE ${written}`)).length === 0) {
        failing.push(`\`${written.replace(/\s+/g, " ")}\``);
      }
    }
    const which = failing.length > 0 ? `: ${failing.join(", ")} failed` : "";
    return [`dropped by \`${snippet(text, command)}\`${which}`];
  }
  const rows = await rowsUpTo(text.length);
  if (rows.length === 0) return ["kept by every WHERE; a later command gives no row for it"];
  return [
    `the query gives ${rows.length === 1 ? "the row" : `${rows.length} rows`} ${rows.map((row) => JSON.stringify(rowColumns(row))).join(", ")}`,
  ];
}

/**
 * The alerts of an event: a non-aggregating query's alerts are its document's; an aggregated row is the event's
 * when the row's group (its `BY` fields) holds the event's values, as a threshold group is.
 */
export function alertsOfEsqlEvent(
  alerts: readonly Alert[],
  event: FixtureEvent,
  rule: ExecutableRule<EsqlQueryShape>,
): Alert[] {
  const { aggregating, groups } = rule.params;
  if (!aggregating) return alerts.filter((alert) => alert._id === event._id && alert._index === event._index);
  if (groups.length === 0) return [];
  return alerts.filter((alert) =>
    groups.every(({ column, field }) => {
      const columns = alert.details.columns as JsonObject | undefined;
      if (columns === undefined || !(column in columns)) return false;
      const values = sourceValue(event._source, field);
      return (Array.isArray(values) ? values : [values]).some((value) =>
        isDeepStrictEqual(value, columns[column]),
      );
    }),
  );
}

/** Whether an alert's row is the group's: every group value the row kept is the same. */
function sameGroup(group: JsonObject, columns: JsonObject | undefined): boolean {
  const kept = Object.keys(group).filter((name) => columns !== undefined && name in columns);
  return kept.length > 0 && kept.every((name) => isDeepStrictEqual(group[name], columns?.[name]));
}

/** The operands of a chain of ANDs (one condition when it is not one). */
function conjuncts(condition: Expression): Expression[] {
  return condition.type === "logical" && condition.operator === "and"
    ? [...conjuncts(condition.left), ...conjuncts(condition.right)]
    : [condition];
}

/** The BY clause of a STATS as written, undefined without one. */
function groupsText(
  command: Extract<Command, { type: "stats" | "inline_stats" }>,
  text: string,
): string | undefined {
  const { groups } = command;
  if (groups.length === 0) return undefined;
  return text.slice(groups[0].start, groups[groups.length - 1].end);
}

function snippet(text: string, command: Command): string {
  const written = text.slice(command.start, command.end).replace(/\s+/g, " ");
  return written.length > 120 ? `${written.slice(0, 117)}...` : written;
}
