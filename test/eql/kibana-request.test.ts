import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openEventIndex } from "../../src/engine/memory/index.js";
import { readDocumentsText } from "../../src/eql/engine/documents-text.js";
import { readJsonMapping } from "../../src/eql/engine/mapping-json.js";
import { eqlSearch } from "../../src/eql/engine/search.js";
import { buildEqlRuleRequest, type EqlRuleParameters } from "../../src/rule-types/eql/request.js";

const fixtures = join(import.meta.dirname, "fixtures");
const read = (name: string) => readFileSync(join(fixtures, name), "utf8");
const index = openEventIndex({
  name: "logs-endpoint.events-default",
  documents: readDocumentsText(read("endpoint.ndjson"), "endpoint.ndjson"),
  mapping: readJsonMapping(JSON.parse(read("endpoint.mapping.json")), "endpoint.mapping.json"),
});

const RULE: EqlRuleParameters = {
  index: ["logs-endpoint.events-*"],
  query: "process where true",
  maxSignals: 100,
  filters: [],
  primaryTimestamp: "@timestamp",
};
const RANGE = { from: new Date("2025-01-15T10:00:01Z"), to: new Date("2025-01-15T10:05:00Z") };

function run(rule: EqlRuleParameters): string[] {
  const request = buildEqlRuleRequest(rule, RANGE);
  const response = eqlSearch([index], request.index.join(","), request.body, { now: RANGE.to.getTime() });
  const hits = response.hits as { events?: { _id: string }[]; sequences?: { events: { _id: string }[] }[] };
  return (hits.events ?? hits.sequences?.flatMap((sequence) => sequence.events) ?? []).map(
    (event) => event._id,
  );
}

describe("the _eql/search request Kibana sends for an EQL rule", () => {
  it("sends the query verbatim with max_signals as size and the rule's fields, the tiebreaker only when set", () => {
    const { body } = buildEqlRuleRequest(
      { ...RULE, maxSignals: 7, eventCategoryOverride: "event.type" },
      RANGE,
    );
    expect(body).toMatchObject({ query: "process where true", size: 7, event_category_field: "event.type" });
    expect(body).not.toHaveProperty("tiebreaker_field");
    expect(body).not.toHaveProperty("timestamp_field");
    expect(buildEqlRuleRequest({ ...RULE, tiebreakerField: "seq" }, RANGE).body.tiebreaker_field).toBe("seq");
  });

  it("keeps events inside the rule's time range only", () => {
    expect(run(RULE)).toEqual(["word-child", "other-host", "end"]);
  });

  it("applies the rule's filters, negated ones excluded", () => {
    const filters = [{ meta: { negate: true }, query: { term: { "host.id": "h2" } } }];
    expect(run({ ...RULE, filters })).toEqual(["word-child"]);
  });

  it("reads the time range from the timestamp override, falling back to @timestamp", () => {
    const override = { ...RULE, primaryTimestamp: "event.ingested" };
    expect(run(override)).toEqual([]);
    expect(run({ ...override, secondaryTimestamp: "@timestamp" })).toEqual([
      "word-child",
      "other-host",
      "end",
    ]);
  });
});
