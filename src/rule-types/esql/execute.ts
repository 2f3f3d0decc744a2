import { createHash } from "node:crypto";
import type { Alert } from "../../engine/execution/alert.js";
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import { type RunContext, sourceTimestamp } from "../../engine/execution/run-context.js";
import type { JsonObject, SearchHit, SearchSession } from "../../engine/types.js";
import type { EsqlQueryShape } from "./query-shape.js";
import { esqlRuleRequest } from "./request.js";
import { mergeColumnsIntoSource, rowColumns, rowsOf } from "./rows.js";

/** Kibana's rule key in alert ids: `<space>:<rule_id>` (dac runs every rule in the default space). */
const SPACE = "default";
const STATE_KEY = "esql";

/** Documents already turned into alerts, by index and id, with their @timestamp (Kibana's excludedDocuments). */
type ExcludedDocuments = Map<string, { id: string; time: number }>;

/**
 * One execution of an ES|QL rule: a `_query` with the range filter and `| LIMIT max_signals`; each row becomes an
 * alert unless an alert with its id exists. Non-aggregating rows are documents (`_id`, `_index`, `_version`, and the
 * MV_EXPANDed values give the id, so overlapping runs do not repeat them); aggregating rows get an id from the run
 * window, the query and the row's position, so only the time window keeps runs apart. Documents already alerted on
 * are excluded from the request (while their @timestamp is in range), and a full page of documents that raised too
 * few new alerts is asked for again without them (Kibana's excludedDocuments).
 */
export async function executeEsqlRule(context: RunContext<EsqlQueryShape>): Promise<Alert[]> {
  const { rule, range, state } = context;
  const shape = rule.params;
  const excluded = excludedDocuments(state.typeState);
  const excludable = !shape.aggregating && shape.mvExpandFields.length === 0;
  const excludedIds = excludable
    ? [...excluded.values()].filter((doc) => doc.time >= range.from.getTime()).map((doc) => doc.id)
    : [];
  const alerts: Alert[] = [];
  for (;;) {
    const rows = await pageOf(context, alerts, excludedIds, excluded);
    // A full page of documents that raised too few new alerts: Kibana asks again without them.
    const pageIds = rows.flatMap((row) => (typeof row._id === "string" ? [row._id] : []));
    const full = rows.length >= rule.maxSignals && pageIds.length === rows.length;
    if (!excludable || !full || alerts.length >= rule.maxSignals) return alerts;
    const known = new Set(excludedIds);
    const fresh = pageIds.filter((id) => !known.has(id));
    if (fresh.length === 0) return alerts;
    excludedIds.push(...fresh);
  }
}

/** One `_query` and the alerts its rows raise, appended to `alerts`; the page's rows. */
async function pageOf(
  context: RunContext<EsqlQueryShape>,
  alerts: Alert[],
  excludedIds: readonly string[],
  excluded: ExcludedDocuments,
): Promise<JsonObject[]> {
  const { rule, session, range, state } = context;
  const shape = rule.params;
  const excludable = !shape.aggregating && shape.mvExpandFields.length === 0;
  const response = await session.esqlQuery(esqlRuleRequest(rule, range, excludedIds));
  const rows = rowsOf(response);
  const sources = shape.aggregating
    ? new Map<string, SearchHit>()
    : await sourceDocuments(session, rule, rows);
  const ruleKey = `${SPACE}:${rule.ruleId}`;
  const window = `${range.from.toISOString()}${range.to.toISOString()}`;
  for (const [position, row] of rows.entries()) {
    if (alerts.length >= rule.maxSignals) break;
    const columns = rowColumns(row);
    const hit = typeof row._id === "string" ? sources.get(documentKey(row._index, row._id)) : undefined;
    const documentId = !shape.aggregating && typeof row._id === "string" ? row._id : undefined;
    const expanded = shape.mvExpandFields.every((field) => field in row)
      ? shape.mvExpandFields.map((field) => row[field])
      : [];
    const alertId = hash(
      documentId === undefined
        ? [window, rule.query, ruleKey, position]
        : [documentId, row._version ?? null, row._index ?? hit?._index ?? null, ruleKey, ...expanded],
    );
    if (state.alertKeys.has(alertId)) continue;
    state.alertKeys.add(alertId);
    const index = typeof row._index === "string" ? row._index : (hit?._index ?? "");
    if (documentId !== undefined && excludable) {
      excluded.set(documentKey(index, documentId), {
        id: documentId,
        time: Date.parse(sourceTimestamp(hit?._source ?? {}) ?? "") || Number.POSITIVE_INFINITY,
      });
    }
    alerts.push({
      execution: context.startedAt.toISOString(),
      _index: documentId === undefined ? "" : index,
      _id: documentId ?? alertId,
      ...(hit ? { original_time: sourceTimestamp(hit._source) } : {}),
      details: {
        columns,
        ...(hit ? { fields: mergeColumnsIntoSource(hit._source, columns) } : {}),
      },
    });
  }
  return rows;
}

function excludedDocuments(typeState: Map<string, unknown>): ExcludedDocuments {
  let excluded = typeState.get(STATE_KEY) as ExcludedDocuments | undefined;
  if (!excluded) {
    excluded = new Map();
    typeState.set(STATE_KEY, excluded);
  }
  return excluded;
}

function documentKey(index: unknown, id: string): string {
  return `${typeof index === "string" ? index : ""}\u0000${id}`;
}

/** The rows' source documents, fetched by id from the FROM indices (fetchSourceDocuments). */
async function sourceDocuments(
  session: SearchSession,
  rule: ExecutableRule,
  rows: JsonObject[],
): Promise<Map<string, SearchHit>> {
  const ids = [...new Set(rows.flatMap((row) => (typeof row._id === "string" ? [row._id] : [])))];
  const found = new Map<string, SearchHit>();
  if (ids.length === 0) return found;
  const response = await session.search({
    index: rule.index,
    query: { ids: { values: ids } },
    size: ids.length * Math.max(rule.index.length, 1),
  });
  for (const hit of response.hits.hits) {
    found.set(documentKey(hit._index, hit._id), hit);
    // a row without _index finds its document by id alone
    if (!found.has(documentKey(undefined, hit._id))) found.set(documentKey(undefined, hit._id), hit);
  }
  return found;
}

function hash(parts: unknown[]): string {
  return createHash("sha1").update(JSON.stringify(parts)).digest("hex");
}
