/** Figure: the first rule executed once over 100,000 generated CloudTrail events on the memory engine. */
import { join } from "node:path";
import { openCatalog } from "../src/catalog/catalog.js";
import { mappingForIndex } from "../src/catalog/mapping.js";
import { executeRule, executionRanges, toExecutableRule } from "../src/engine/execution/index.js";
import { createMemoryEngine } from "../src/engine/memory/index.js";
import type { SearchSession } from "../src/engine/types.js";
import { tomlRuleToApi, withApiDefaults } from "../src/schema/convert.js";
import { loadRuleFile } from "../src/schema/toml/load.js";
import {
  CLOUDTRAIL_INDEX,
  DEFAULT_EVENTS,
  expectedNewRoles,
  generateCloudTrailEvents,
} from "./cloudtrail-events.js";
import { against, measureLaps, type RunPlan, stopwatch } from "./measure.js";

export const FIRST_RULE = "rules/aws_ec2_admin_credential_fetch.toml";
// The target covers loading the events into the engine and executing the rule, as a test run does both.
const TARGET_MS = 500;

export async function cloudTrailFigure(root: string, plan: RunPlan) {
  const file = loadRuleFile(join(root, FIRST_RULE));
  if (!file.rule) throw new Error(`${FIRST_RULE}: ${file.findings.map((f) => f.message).join("; ")}`);
  const rule = toExecutableRule(withApiDefaults(tomlRuleToApi(file.rule)));
  const now = new Date("2025-01-15T12:00:00.000Z");
  const generation = stopwatch();
  const documents = generateCloudTrailEvents({ ...DEFAULT_EVENTS, now });
  const generateMs = generation.lap();
  const expected = expectedNewRoles(documents, executionRanges(rule, now)[0]);
  const engine = createMemoryEngine({ now: () => now.getTime() });
  const mapping = mappingForIndex(CLOUDTRAIL_INDEX, openCatalog());
  let alerts = 0;
  let heapMb = 0;
  const laps = await measureLaps(plan, async () => {
    const watch = stopwatch();
    const session: SearchSession = await engine.open({ indices: [mapping], documents });
    const indexing = watch.lap();
    const results = await executeRule(rule, session, [{ startedAt: now }]);
    const execution = watch.lap();
    heapMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    await session.close();
    alerts = results.reduce((sum, result) => sum + result.alerts.length, 0);
    return { indexing, execution, total: indexing + execution };
  });
  return {
    rule: FIRST_RULE,
    index: CLOUDTRAIL_INDEX,
    events: documents.length,
    days: DEFAULT_EVENTS.days,
    roles: DEFAULT_EVENTS.roles + DEFAULT_EVENTS.newRoles,
    generate_ms: Math.round(generateMs),
    heap_mb_after_indexing: heapMb,
    alerts,
    expected_alerts: Math.min(expected.length, rule.maxSignals),
    indexing: laps.indexing,
    execution: laps.execution,
    total: against(laps.total, TARGET_MS),
  };
}
