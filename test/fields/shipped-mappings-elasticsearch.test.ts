/** Shipped schemas as index mappings on a real cluster (skipped with a notice when none answers at ELASTICSEARCH_URL). */
import { describe, expect, it } from "vitest";
import { openCatalog } from "../../src/catalog/catalog.js";
import { mappingForIndex } from "../../src/catalog/mapping.js";
import {
  checkElasticsearch,
  createElasticsearchEngine,
  elasticsearchOptionsFromEnv,
} from "../../src/engine/elasticsearch/index.js";

const options = elasticsearchOptionsFromEnv();
const check = await checkElasticsearch({ ...options, requestTimeoutMs: 5_000 });
if (!check.ok) console.warn(`Shipped mapping tests skipped: ${check.message}`);

const catalog = openCatalog();

describe.skipIf(!check.ok)("shipped schemas on a real cluster", () => {
  it.each([
    "logs-okta.system-default",
    "logs-auditd_manager.auditd-default",
    "logs-endpoint.events.process-default",
    "logs-kubernetes.audit_logs-default",
    "winlogbeat-8.17.0",
  ])("%s maps as the catalog describes it", async (index) => {
    const engine = createElasticsearchEngine({ ...options, runPrefix: "dac-fields" });
    const session = await engine.open({ indices: [mappingForIndex(index, catalog)], documents: [] });
    await session.close();
  });
});

describe("index mappings from shipped schemas", () => {
  it("leave out fields declared below a leaf, which validation still knows", () => {
    const okta = mappingForIndex("logs-okta.system-default", catalog);
    expect(okta.fields.get("okta.debug_context.debug_data.risk")?.type).toBe("keyword");
    expect(okta.fields.has("okta.debug_context.debug_data.risk.level")).toBe(false);
    const auditd = mappingForIndex("logs-auditd_manager.auditd-default", catalog);
    expect(auditd.fields.get("auditd.data")?.type).toBe("flattened");
    expect(auditd.fields.has("auditd.data.acct")).toBe(false);
    expect(auditd.fields.get("process.name.text")?.parent).toBe("process.name");
  });
});
