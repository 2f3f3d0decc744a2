import { describe, expect, it } from "vitest";
import {
  CLOUDTRAIL_INDEX,
  DEFAULT_EVENTS,
  expectedNewRoles,
  generateCloudTrailEvents,
} from "../../bench/cloudtrail-events.js";
import { openCatalog } from "../../src/catalog/catalog.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import { executeRule, executionRanges, toExecutableRule } from "../../src/engine/execution/index.js";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import { tomlRuleToApi, withApiDefaults } from "../../src/schema/convert.js";
import { loadRuleFile } from "../../src/schema/toml/load.js";

const now = new Date("2025-01-15T12:00:00.000Z");
const options = { ...DEFAULT_EVENTS, count: 5000, roles: 300, newRoles: 12, now };
const rule = toExecutableRule(
  withApiDefaults(tomlRuleToApi(loadRuleFile("rules/aws_ec2_admin_credential_fetch.toml").rule!)),
);

describe("generated CloudTrail events for the bench", () => {
  const documents = generateCloudTrailEvents(options);

  it("are the same on every run and spread over the period, ending before the execution", () => {
    expect(generateCloudTrailEvents(options)).toEqual(documents);
    expect(documents).toHaveLength(5000);
    const ingested = documents.map((d) => Date.parse((d._source.event as { ingested: string }).ingested));
    expect(Math.max(...ingested)).toBeLessThanOrEqual(now.getTime());
    expect(Math.min(...ingested)).toBeLessThan(now.getTime() - 7 * 24 * 3600_000);
    expect(new Set(documents.map((d) => d._index))).toEqual(new Set([CLOUDTRAIL_INDEX]));
  });

  it("mix matching and non-matching calls", () => {
    const actions = new Set(documents.map((d) => (d._source.event as { action: string }).action));
    expect(actions.has("GetPasswordData")).toBe(true);
    expect(actions.size).toBeGreaterThan(3);
  });

  it("raise on the memory engine exactly the alerts worked out without it", async () => {
    const expected = expectedNewRoles(documents, executionRanges(rule, now)[0]);
    expect(expected.filter((arn) => arn.includes("/new-"))).toHaveLength(options.newRoles);
    const session = await createMemoryEngine({ now: () => now.getTime() }).open({
      indices: [mappingForIndex(CLOUDTRAIL_INDEX, openCatalog())],
      documents,
    });
    const [result] = await executeRule(rule, session, [{ startedAt: now }]);
    expect(result.alerts.map((alert) => (alert.details.new_terms as unknown[])[0]).sort()).toEqual(expected);
  });
});
