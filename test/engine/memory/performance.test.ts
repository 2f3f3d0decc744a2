import { describe, expect, it } from "vitest";
import { createMemoryEngine } from "../../../src/engine/memory/index.js";
import type { StoredDocument } from "../../../src/engine/types.js";
import { mapping } from "./helpers.js";

const EVENT_COUNT = 100_000;
const START = Date.parse("2024-01-01T00:00:00.000Z");
const ACTIONS = ["GetPasswordData", "DescribeInstances", "ConsoleLogin", "AssumeRole", "PutObject"];

/** CloudTrail-like events: deterministic, spread over 10 days, a few hundred users. */
function cloudTrailEvents(): StoredDocument[] {
  return Array.from({ length: EVENT_COUNT }, (_, i) => ({
    _index: "logs-aws.cloudtrail-default",
    _id: `ev-${i}`,
    _source: {
      "@timestamp": new Date(START + i * 8640).toISOString(),
      event: {
        dataset: "aws.cloudtrail",
        provider: "ec2.amazonaws.com",
        action: ACTIONS[i % ACTIONS.length],
        outcome: i % 7 === 0 ? "failure" : "success",
      },
      aws: {
        cloudtrail: {
          user_identity: { arn: `arn:aws:iam::123456789012:user/u${i % 300}` },
          error_code: i % 11 === 0 ? "Client.UnauthorizedOperation" : undefined,
        },
      },
      source: { ip: `10.0.${i % 256}.${(i >> 8) % 256}` },
      message: `event ${i} from user u${i % 300}`,
    },
  }));
}

const MAPPING = mapping("logs-aws.cloudtrail-default", {
  "@timestamp": { type: "date" },
  "event.dataset": { type: "keyword" },
  "event.provider": { type: "keyword" },
  "event.action": { type: "keyword" },
  "event.outcome": { type: "keyword" },
  "aws.cloudtrail.user_identity.arn": { type: "keyword" },
  "aws.cloudtrail.error_code": { type: "keyword" },
  "source.ip": { type: "ip" },
  message: { type: "match_only_text" },
});

const arnOf = (event: StoredDocument) =>
  (event._source.aws as { cloudtrail: { user_identity: { arn: string } } }).cloudtrail.user_identity.arn;

const should = (query: object) => ({ bool: { should: [query], minimum_should_match: 1 } });

describe("performance on 100,000 CloudTrail events", () => {
  it("indexes once and answers a 5-clause bool with a range and a composite aggregation well under a second", async () => {
    const documents = cloudTrailEvents();
    const openStart = performance.now();
    const session = await createMemoryEngine().open({ indices: [MAPPING], documents });
    const openMs = performance.now() - openStart;

    const searchStart = performance.now();
    const response = await session.search({
      index: ["logs-aws*"],
      size: 100,
      sort: [{ "@timestamp": { order: "asc", unmapped_type: "date" } }],
      query: {
        bool: {
          filter: [
            should({ match_phrase: { "event.dataset": "aws.cloudtrail" } }),
            should({ match_phrase: { "event.provider": "ec2.amazonaws.com" } }),
            should({ match_phrase: { "event.action": "GetPasswordData" } }),
            should({ match_phrase: { "aws.cloudtrail.error_code": "Client.UnauthorizedOperation" } }),
            {
              range: {
                "@timestamp": {
                  gte: "2024-01-02T00:00:00.000Z",
                  lte: "2024-01-09T00:00:00.000Z",
                  format: "strict_date_optional_time",
                },
              },
            },
          ],
        },
      },
      aggs: {
        new_terms: {
          composite: {
            size: 10_000,
            sources: [
              {
                "aws.cloudtrail.user_identity.arn": { terms: { field: "aws.cloudtrail.user_identity.arn" } },
              },
            ],
          },
        },
      },
    });
    const searchMs = performance.now() - searchStart;
    console.log(
      `open ${EVENT_COUNT} docs: ${openMs.toFixed(0)} ms; search + composite: ${searchMs.toFixed(0)} ms`,
    );

    const expected = documents.filter((d, i) => {
      const t = Date.parse(d._source["@timestamp"] as string);
      return i % 5 === 0 && i % 11 === 0 && t >= Date.parse("2024-01-02") && t <= Date.parse("2024-01-09");
    });
    expect(response.hits.total.value).toBe(expected.length);
    expect(response.hits.hits[0]._id).toBe(expected[0]._id);
    const buckets = (response.aggregations!.new_terms as { buckets: unknown[] }).buckets;
    expect(buckets.length).toBe(new Set(expected.map((d) => arnOf(d))).size);
    expect(searchMs).toBeLessThan(1000);
    // Well under a second on an idle machine; the bound leaves room for a loaded CI runner.
    expect(openMs).toBeLessThan(4000);
  });
});
