/** The ES|QL figures: parse + verify every ES|QL query of a corpus; an aggregating query over 100,000 events. */
import { join } from "node:path";
import { openCatalog } from "../src/catalog/catalog.js";
import { mappingForIndex } from "../src/catalog/mapping.js";
import { executeRule, toExecutableRule } from "../src/engine/execution/index.js";
import { createMemoryEngine } from "../src/engine/memory/index.js";
import type { StoredDocument } from "../src/engine/types.js";
import { buildIndex } from "../src/esql/engine/indices.js";
import { runQuery } from "../src/esql/engine/query.js";
import { parseEsql } from "../src/esql/parser.js";
import { verifyEsql } from "../src/esql/verify.js";
import { tomlRuleToApi, withApiDefaults } from "../src/schema/convert.js";
import type { RuleFile } from "../src/schema/rule-file.js";
import { loadRuleFile } from "../src/schema/toml/load.js";
import { CLOUDTRAIL_INDEX, DEFAULT_EVENTS, generateCloudTrailEvents } from "./cloudtrail-events.js";
import { against, measure, measureLaps, type RunPlan, stopwatch } from "./measure.js";

const ESQL_TARGET_MS = 30;

/** The ES|QL queries of the corpus: rules whose language is esql. */
export function esqlQueries(files: readonly RuleFile[]): string[] {
  return files.flatMap(({ rule }) =>
    rule?.language === "esql" && typeof rule.query === "string" && rule.query.trim() !== ""
      ? [rule.query]
      : [],
  );
}

export async function esqlFigure(files: readonly RuleFile[], plan: RunPlan) {
  const queries = esqlQueries(files);
  let failures = { parse_errors: 0, problems: 0 };
  const timing = await measure(plan, () => {
    failures = { parse_errors: 0, problems: 0 };
    for (const query of queries) {
      try {
        failures.problems += verifyEsql(parseEsql(query), query).problems.length;
      } catch {
        failures.parse_errors++;
      }
    }
  });
  return { queries: queries.length, ...failures, ...against(timing, ESQL_TARGET_MS) };
}

const CLOUDTRAIL_TARGET_MS = 1000;
/** One identity calling GetPasswordData on many distinct instances: the aggregating query of the example rule. */
const AGGREGATING_QUERY = `FROM logs-aws.cloudtrail-* METADATA _id, _index, _version
| WHERE event.dataset == "aws.cloudtrail" AND event.action == "GetPasswordData"
| STATS instances = COUNT_DISTINCT(aws.cloudtrail.request_parameters), calls = COUNT(*)
    BY aws.cloudtrail.user_identity.session_context.session_issuer.arn
| WHERE calls >= 2
| SORT calls DESC
| LIMIT 100`;

/** An aggregating ES|QL query over 100,000 generated CloudTrail events, indexing included (not yet a rule run). */
export async function esqlCloudTrailFigure(plan: RunPlan) {
  const now = new Date("2025-01-15T12:00:00.000Z");
  const documents = generateCloudTrailEvents({ ...DEFAULT_EVENTS, now });
  let rows = 0;
  const laps = await measureLaps(plan, async () => {
    const watch = stopwatch();
    const index = buildIndex(CLOUDTRAIL_INDEX, documents);
    const indexing = watch.lap();
    rows = runQuery({ query: AGGREGATING_QUERY }, new Map([[index.name, index]]), { now: now.getTime() })
      .values.length;
    const query = watch.lap();
    return { indexing, query, total: indexing + query };
  });
  return {
    index: CLOUDTRAIL_INDEX,
    events: documents.length,
    rows,
    indexing: laps.indexing,
    query: laps.query,
    total: against(laps.total, CLOUDTRAIL_TARGET_MS),
  };
}

export const AGGREGATING_RULE = "rules/aws_ec2_password_data_many_instances.toml";

/**
 * The aggregating ES|QL rule of rules/ executed once, as `dac test` runs it, over the 100,000 CloudTrail events:
 * indexing into the embedded engine, then the execution (the DSL range filter, the ES|QL pipeline, the alerts).
 */
export async function esqlRuleFigure(root: string, plan: RunPlan) {
  const file = loadRuleFile(join(root, AGGREGATING_RULE));
  if (!file.rule) throw new Error(`${AGGREGATING_RULE}: ${file.findings.map((f) => f.message).join("; ")}`);
  const rule = toExecutableRule(withApiDefaults(tomlRuleToApi(file.rule)));
  const now = new Date("2025-01-15T12:00:00.000Z");
  const documents = [
    ...generateCloudTrailEvents({ ...DEFAULT_EVENTS, now }),
    ...plantedPasswordDataSprees(now, PLANTED_SPREES),
  ];
  const engine = createMemoryEngine({ now: () => now.getTime() });
  const mapping = mappingForIndex(CLOUDTRAIL_INDEX, openCatalog());
  let alerts = 0;
  let expected = 0;
  const laps = await measureLaps(plan, async () => {
    const watch = stopwatch();
    const session = await engine.open({ indices: [mapping], documents });
    const indexing = watch.lap();
    const results = await executeRule(rule, session, [{ startedAt: now }]);
    const execution = watch.lap();
    await session.close();
    alerts = results.reduce((sum, result) => sum + result.alerts.length, 0);
    expected = identitiesOverThreshold(documents, results[0].ranges[0]);
    return { indexing, execution, total: indexing + execution };
  });
  return {
    rule: AGGREGATING_RULE,
    events: documents.length,
    alerts,
    expected_alerts: expected,
    indexing: laps.indexing,
    execution: laps.execution,
    total: against(laps.total, CLOUDTRAIL_TARGET_MS),
  };
}

const PLANTED_SPREES = 12;

/**
 * Identities that call GetPasswordData on three distinct instances a minute before the execution: the generated
 * events give every assumed-role session its own ARN, so without these the rule would have nothing to find.
 */
function plantedPasswordDataSprees(now: Date, count: number): StoredDocument[] {
  const time = new Date(now.getTime() - 60_000).toISOString();
  return Array.from({ length: count * 3 }, (_, n) => ({
    _index: CLOUDTRAIL_INDEX,
    _id: `spree-${n}`,
    _source: {
      "@timestamp": time,
      event: {
        dataset: "aws.cloudtrail",
        provider: "ec2.amazonaws.com",
        action: "GetPasswordData",
        ingested: time,
      },
      aws: {
        cloudtrail: {
          user_identity: {
            type: "AssumedRole",
            arn: `arn:aws:sts::123456789012:assumed-role/spree/${Math.floor(n / 3)}`,
          },
          request_parameters: `{instanceId=i-spree${n}}`,
        },
      },
    },
  }));
}

/** What the rule must find, worked out without the engine: identities with ≥ 3 distinct instances in range. */
function identitiesOverThreshold(
  documents: readonly StoredDocument[],
  range: { from: Date; to: Date },
): number {
  const instances = new Map<string, Set<string>>();
  for (const { _source: source } of documents) {
    const event = source.event as Record<string, unknown>;
    const trail = (source.aws as { cloudtrail: Record<string, unknown> }).cloudtrail;
    const ingested = Date.parse(String(event.ingested));
    if (ingested < range.from.getTime() || ingested > range.to.getTime()) continue;
    if (event.provider !== "ec2.amazonaws.com" || event.action !== "GetPasswordData") continue;
    const arn = String((trail.user_identity as Record<string, unknown>).arn);
    const instance = /instanceId=([^}]*)/.exec(String(trail.request_parameters))?.[1];
    if (!instance) continue;
    if (!instances.has(arn)) instances.set(arn, new Set());
    instances.get(arn)?.add(instance);
  }
  return [...instances.values()].filter((set) => set.size >= 3).length;
}
