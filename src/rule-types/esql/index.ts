import { isDeepStrictEqual } from "node:util";
import type { Alert } from "../../engine/execution/alert.js";
import type { JsonObject } from "../../engine/types.js";
import { eventSearchParameters, writtenQuery } from "../events/event-search.js";
import type { RuleTypeModule } from "../rule-type.js";
import { executeEsqlRule } from "./execute.js";
import { alertsOfEsqlEvent, explainEsql } from "./explain.js";
import { type EsqlQueryShape, esqlQueryShape } from "./query-shape.js";

/** A rule whose ES|QL query's result rows become alerts. */
export const esqlRuleType: RuleTypeModule<"esql", EsqlQueryShape> = {
  type: "esql",
  queries: (rule) => writtenQuery(rule, "query", "language", "esql"),
  fields: () => [],
  execution: {
    runnable: true,
    read: (rule) => {
      const shape = esqlQueryShape(rule.query);
      return {
        type: "esql",
        // an ES|QL rule reads the indices its FROM names, and has no filters of its own
        ...eventSearchParameters({ ...rule, index: shape.sources, language: undefined }),
        language: "esql",
        params: shape,
      };
    },
    execute: executeEsqlRule,
    expected: {
      required: [],
      keys: { columns: readExpectedColumns },
      matches: (expected, actual) => {
        const want = expected.details.columns as JsonObject | undefined;
        if (want === undefined) return true;
        const have = columnsOf(actual);
        return Object.entries(want).every(
          ([name, value]) => name in have && isDeepStrictEqual(normalise(value), have[name]),
        );
      },
      asExpected: (actual) => ({
        // an aggregated row is no document: its id is Kibana's hash, not a fixture id
        ...(actual._index === "" ? {} : { id: actual._id }),
        details: { columns: columnsOf(actual) },
      }),
      describe: (alert) =>
        [alert.id, alert.details.columns ? `columns ${JSON.stringify(alert.details.columns)}` : undefined]
          .filter((part) => part !== undefined)
          .join(" "),
    },
    alertFields: (alert) => alert.details,
    alertSubject: (alert) => ` with columns ${JSON.stringify(columnsOf(alert))}`,
    alertsOf: alertsOfEsqlEvent,
    explain: explainEsql,
  },
};

function columnsOf(alert: Alert): JsonObject {
  return (alert.details.columns ?? {}) as JsonObject;
}

/** `columns: {name: value, ...}`: the columns the alert's row must have, with these values (others may be there). */
function readExpectedColumns(value: unknown, where: string): JsonObject {
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    Object.keys(value).length === 0
  ) {
    throw new Error(`${where}: expected a mapping of column names to values, e.g. {Esql.instances: 3}`);
  }
  return value as JsonObject;
}

/** YAML dates and ES|QL's JSON agree on ISO strings. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}
