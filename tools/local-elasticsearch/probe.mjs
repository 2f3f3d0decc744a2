#!/usr/bin/env node
// Detects which mappings, queries and aggregations a cluster supports by trying each one for real.
// Run: node tools/local-elasticsearch/probe.mjs [URL]   (default $ES_URL or http://127.0.0.1:${ES_PORT:-9200})
// Prints {version, supported: {name: bool}, reasons: {name: "first line of the error"}}.
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { Client } from "@elastic/elasticsearch";

/** One mapping per field type the project maps rule fields to; `value` is a document value for it. */
export const FIELD_TYPE_PROBES = {
  keyword: { mapping: { type: "keyword" }, value: "a" },
  text: { mapping: { type: "text" }, value: "a b" },
  match_only_text: { mapping: { type: "match_only_text" }, value: "a b" },
  wildcard: { mapping: { type: "wildcard" }, value: "a" },
  constant_keyword: { mapping: { type: "constant_keyword", value: "a" }, value: "a" },
  ip: { mapping: { type: "ip" }, value: "10.0.0.1" },
  long: { mapping: { type: "long" }, value: 1 },
  integer: { mapping: { type: "integer" }, value: 1 },
  double: { mapping: { type: "double" }, value: 1.5 },
  float: { mapping: { type: "float" }, value: 1.5 },
  scaled_float: { mapping: { type: "scaled_float", scaling_factor: 100 }, value: 1.25 },
  date: { mapping: { type: "date" }, value: "2024-01-01T00:00:00Z" },
  date_nanos: { mapping: { type: "date_nanos" }, value: "2024-01-01T00:00:00.123456789Z" },
  boolean: { mapping: { type: "boolean" }, value: true },
  flattened: { mapping: { type: "flattened" }, value: { a: "b" } },
  object: { mapping: { type: "object", properties: { a: { type: "keyword" } } }, value: { a: "b" } },
  nested: { mapping: { type: "nested", properties: { a: { type: "keyword" } } }, value: [{ a: "b" }] },
  multi_fields: { mapping: { type: "text", fields: { keyword: { type: "keyword" } } }, value: "a b" },
};

/** Analyzers outside the server jar (analysis-common) that mappings may name. */
export const ANALYZER_PROBES = ["whitespace", "keyword", "simple"];

const DATA_MAPPING = {
  properties: {
    "event.category": { type: "keyword" },
    message: { type: "text", fields: { keyword: { type: "keyword" } } },
    "process.name": { type: "keyword" },
    "process.pid": { type: "long" },
    "@timestamp": { type: "date" },
  },
};

const DATA_DOCS = [
  {
    "@timestamp": "2024-01-01T00:00:00Z",
    "event.category": "process",
    message: "the quick brown fox",
    "process.name": "cmd.exe",
    "process.pid": 10,
  },
  {
    "@timestamp": "2024-01-01T00:01:00Z",
    "event.category": "process",
    message: "a slow brown dog",
    "process.name": "powershell.exe",
    "process.pid": 20,
  },
  {
    "@timestamp": "2024-01-01T00:02:00Z",
    "event.category": "network",
    message: "quick reply",
    "process.name": "cmd.exe",
    "process.pid": 30,
  },
];

/**
 * Searches over DATA_DOCS: each returns true when the response has the expected result, so a feature
 * that is accepted but answers wrongly counts as unsupported too.
 */
const SEARCH_PROBES = {
  query_string: {
    request: { query: { query_string: { query: 'message:"quick brown" AND process.name:cmd*' } } },
    check: (r) => r.hits.total.value === 1,
  },
  match_phrase: {
    request: { query: { match_phrase: { message: "brown fox" } } },
    check: (r) => r.hits.total.value === 1,
  },
  multi_match: {
    request: { query: { multi_match: { query: "quick", fields: ["message", "process.name"] } } },
    check: (r) => r.hits.total.value === 2,
  },
  terms_agg: {
    request: { size: 0, aggs: { a: { terms: { field: "process.name" } } } },
    check: (r) => r.aggregations.a.buckets.length === 2 && r.aggregations.a.buckets[0].doc_count === 2,
  },
  composite_agg: {
    request: {
      size: 0,
      aggs: {
        a: {
          composite: {
            sources: [
              { cat: { terms: { field: "event.category" } } },
              { name: { terms: { field: "process.name" } } },
            ],
          },
        },
      },
    },
    check: (r) => r.aggregations.a.buckets.length === 3,
  },
  min_max_agg: {
    request: {
      size: 0,
      aggs: { lo: { min: { field: "process.pid" } }, hi: { max: { field: "process.pid" } } },
    },
    check: (r) => r.aggregations.lo.value === 10 && r.aggregations.hi.value === 30,
  },
  top_hits_agg: {
    request: {
      size: 0,
      aggs: {
        a: {
          terms: { field: "process.name" },
          aggs: { top: { top_hits: { size: 1, sort: [{ "@timestamp": "desc" }] } } },
        },
      },
    },
    check: (r) => r.aggregations.a.buckets[0].top.hits.hits[0]._source["process.pid"] === 30,
  },
  cardinality_agg: {
    request: { size: 0, aggs: { a: { cardinality: { field: "process.name" } } } },
    check: (r) => r.aggregations.a.value === 2,
  },
  bucket_selector_script: {
    request: {
      size: 0,
      aggs: {
        a: {
          terms: { field: "process.name" },
          aggs: {
            keep: {
              bucket_selector: { buckets_path: { n: "_count" }, script: "params.n > 1" },
            },
          },
        },
      },
    },
    check: (r) => r.aggregations.a.buckets.length === 1,
  },
  runtime_field_painless: {
    request: {
      runtime_mappings: {
        pid_x2: { type: "long", script: { source: "emit(doc['process.pid'].value * 2)" } },
      },
      query: { term: { pid_x2: 40 } },
    },
    check: (r) => r.hits.total.value === 1,
  },
  runtime_field_from_source: {
    request: {
      runtime_mappings: { "process.name": { type: "keyword" } },
      query: { term: { "process.name": "powershell.exe" } },
    },
    check: (r) => r.hits.total.value === 1,
  },
};

function reasonOf(error) {
  const cause = error?.meta?.body?.error?.root_cause?.[0] ?? error?.meta?.body?.error;
  const text = cause?.reason ?? error?.message ?? String(error);
  return String(text).split("\n")[0].slice(0, 300);
}

async function attempt(name, fn, result) {
  try {
    const ok = await fn();
    result.supported[name] = ok;
    if (!ok) result.reasons[name] = "accepted, but the answer was not the expected one";
  } catch (error) {
    result.supported[name] = false;
    result.reasons[name] = reasonOf(error);
  }
}

function existsQuery(type) {
  const nestedPath = FIELD_TYPE_PROBES[type].mapping.type === "nested";
  return nestedPath
    ? { nested: { path: type, query: { exists: { field: `${type}.a` } } } }
    : { exists: { field: type } };
}

async function withIndex(client, name, body, fn) {
  await client.indices.create({ index: name, ...body });
  try {
    return await fn();
  } finally {
    await client.indices.delete({ index: name }, { ignore: [404] });
  }
}

/** Probes `client`'s cluster; creates and deletes indices named `${prefix}-*`. */
export async function probeElasticsearch(client, prefix = `dac-probe-${randomBytes(4).toString("hex")}`) {
  const info = await client.info();
  const result = { version: info.version.number, supported: {}, reasons: {} };
  const settings = { number_of_shards: 1, number_of_replicas: 0 };

  // One index, one field per type: a put-mapping per type is much cheaper than an index per type.
  const fields = `${prefix}-fields`;
  await withIndex(client, fields, { settings }, async () => {
    const mapped = [];
    for (const [type, probe] of Object.entries(FIELD_TYPE_PROBES)) {
      await attempt(
        type,
        async () => {
          await client.indices.putMapping({ index: fields, properties: { [type]: probe.mapping } });
          mapped.push(type);
          return true;
        },
        result,
      );
    }
    const document = Object.fromEntries(mapped.map((type) => [type, FIELD_TYPE_PROBES[type].value]));
    await client.index({ index: fields, document, refresh: true });
    for (const type of mapped) {
      await attempt(
        type,
        async () => (await client.count({ index: fields, query: existsQuery(type) })).count === 1,
        result,
      );
    }
  });

  for (const analyzer of ANALYZER_PROBES) {
    await attempt(
      `analyzer_${analyzer}`,
      async () => (await client.indices.analyze({ analyzer, text: "Quick fox" })).tokens.length > 0,
      result,
    );
  }

  const data = `${prefix}-data`;
  await withIndex(client, data, { settings, mappings: DATA_MAPPING }, async () => {
    await client.bulk({
      refresh: true,
      operations: DATA_DOCS.flatMap((doc) => [{ index: { _index: data } }, doc]),
    });
    for (const [name, probe] of Object.entries(SEARCH_PROBES)) {
      await attempt(
        name,
        async () => probe.check(await client.search({ index: data, ...probe.request })),
        result,
      );
    }
    await attempt(
      "delete_by_query",
      async () => {
        const deleted = await client.deleteByQuery({
          index: data,
          refresh: true,
          query: { term: { "process.pid": 30 } },
        });
        return deleted.deleted === 1;
      },
      result,
    );
  });

  result.supported.painless = result.supported.runtime_field_painless;
  return result;
}

function defaultUrl() {
  return process.env.ES_URL ?? `http://127.0.0.1:${process.env.ES_PORT ?? "9200"}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const client = new Client({ node: process.argv[2] ?? defaultUrl(), requestTimeout: 30_000 });
  try {
    console.log(JSON.stringify(await probeElasticsearch(client), null, 2));
  } catch (error) {
    console.error(`probe failed: ${reasonOf(error)}`);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
}
