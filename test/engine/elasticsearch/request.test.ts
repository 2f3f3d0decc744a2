import { describe, expect, it } from "vitest";
import { prefixPatterns, restoreResponse, searchParams } from "../../../src/engine/elasticsearch/request.js";

const PREFIX = "dac-test-ab12cd34-";

describe("prefixPatterns", () => {
  it("puts every pattern, exclusion and wildcard inside the run prefix", () => {
    expect(
      prefixPatterns(["logs-aws.cloudtrail*", "filebeat-*,-filebeat-old*", "*", "_all"], PREFIX),
    ).toEqual([
      `${PREFIX}logs-aws.cloudtrail*`,
      `${PREFIX}filebeat-*`,
      `-${PREFIX}filebeat-old*`,
      `${PREFIX}*`,
      `${PREFIX}*`,
    ]);
  });
});

describe("searchParams", () => {
  it("keeps the request, drops the fields section and tolerates patterns that match nothing", () => {
    const params = searchParams(
      {
        index: ["logs-*"],
        query: { match_all: {} },
        size: 5,
        sort: [{ "@timestamp": { order: "asc", unmapped_type: "date" } }],
        search_after: [1],
        track_total_hits: true,
        fields: [{ field: "*", include_unmapped: true }],
        aggs: { a: { terms: { field: "host.name" } } },
      },
      PREFIX,
    );
    expect(params).toEqual({
      index: [`${PREFIX}logs-*`],
      ignore_unavailable: true,
      allow_no_indices: true,
      query: { match_all: {} },
      size: 5,
      sort: [{ "@timestamp": { order: "asc", unmapped_type: "date" } }],
      search_after: [1],
      track_total_hits: true,
      aggs: { a: { terms: { field: "host.name" } } },
    });
  });
});

describe("restoreResponse", () => {
  const restorer = {
    indexName: (index: string) => index.replace(PREFIX, ""),
    addedFields: (index: string, id: string) =>
      index === `${PREFIX}logs-x-default` && id === "1" ? ["data_stream.dataset"] : undefined,
  };

  it("renames indices, removes added constants and keeps only the hit parts dac uses", () => {
    const response = restoreResponse(
      {
        took: 3,
        hits: {
          total: { value: 1, relation: "eq" },
          max_score: null,
          hits: [
            {
              _index: `${PREFIX}logs-x-default`,
              _id: "1",
              _score: null,
              _source: { "host.name": "a", "data_stream.dataset": "x" },
              sort: [1704067200000],
            },
          ],
        },
        aggregations: {
          by_host: {
            buckets: [
              {
                key: "a",
                doc_count: 1,
                top: {
                  hits: {
                    total: { value: 1, relation: "eq" },
                    hits: [
                      {
                        _index: `${PREFIX}logs-x-default`,
                        _id: "1",
                        _score: 1,
                        _source: { "data_stream.dataset": "x" },
                      },
                    ],
                  },
                },
              },
            ],
          },
        },
      },
      restorer,
    );
    expect(response.hits).toEqual({
      total: { value: 1, relation: "eq" },
      hits: [{ _index: "logs-x-default", _id: "1", _source: { "host.name": "a" }, sort: [1704067200000] }],
    });
    expect(response.aggregations?.by_host).toEqual({
      buckets: [
        {
          key: "a",
          doc_count: 1,
          top: {
            hits: {
              total: { value: 1, relation: "eq" },
              hits: [{ _index: "logs-x-default", _id: "1", _source: {} }],
            },
          },
        },
      ],
    });
  });
});
