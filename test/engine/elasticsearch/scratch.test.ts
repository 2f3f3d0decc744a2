import { it } from "vitest";
import { openCatalog } from "../../../src/catalog/catalog.js";
import { mappingForIndex } from "../../../src/catalog/mapping.js";
import { createElasticsearchEngine } from "../../../src/engine/elasticsearch/index.js";
it("x", async () => {
  const cat = openCatalog();
  const engine = createElasticsearchEngine({});
  const m = mappingForIndex("logs-aws.cloudtrail-default", cat);
  let t = performance.now();
  const s = await engine.open({ indices: [m], documents: [
    { _index: "logs-aws.cloudtrail-default", _id: "a", _source: { "@timestamp": "2024-01-01T00:00:00Z", event: { action: "GetPassword" }, message: "hello world", foo: "bar" } },
  ] });
  console.log("open ms", performance.now() - t, engine.notices, engine.version);
  t = performance.now();
  const r = await s.search({ index: ["logs-aws*"], query: { bool: { filter: [{ match: { "data_stream.dataset": "aws.cloudtrail" } }, { exists: { field: "event.module" } }] } }, aggs: { t: { terms: { field: "foo" } }, th: { top_hits: { size: 1 } } } });
  console.log("search ms", performance.now() - t, JSON.stringify(r));
  await s.close();
  await engine.close();
});
