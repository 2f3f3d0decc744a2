/**
 * Differential proof for queries: random corpora × random KQL (detection-engine translation, no field
 * list), each search answered by the embedded engine and by Elasticsearch; the hit sets must be equal.
 * DAC_DIFF_SEED replays a run, DAC_DIFF_CASES scales it (default 5,000 query × corpus cases).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ElasticsearchEngine } from "../../src/engine/elasticsearch/index.js";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import type { JsonObject, SearchRequest } from "../../src/engine/types.js";
import { parseKql, toElasticsearchQuery } from "../../src/kql/index.js";
import { corpusMappings, generateDocuments, PLAIN_INDEX } from "./corpus.js";
import {
  type Disagreement,
  describeDisagreements,
  differingDocuments,
  elasticsearchForTests,
  inBatches,
  narrowDown,
  outcomeOf,
  sameOutcome,
} from "./harness.js";
import { generateKql } from "./kql-generator.js";
import { createRandom, runSeed } from "./random.js";

const seed = runSeed();
const cases = Number(process.env.DAC_DIFF_CASES ?? 5_000);
const QUERIES_PER_CORPUS = 250;
const DOCUMENTS_PER_CORPUS = 60;
const PATTERNS = [["logs-*", "diff-*"], ["logs-diff.alpha-*"], [PLAIN_INDEX], ["*", "-logs-*"], ["*"]];

const available = await elasticsearchForTests();
if (available.skip) console.warn(`differential tests skipped: ${available.reason}`);

describe.skipIf(available.skip)("KQL queries: embedded engine = Elasticsearch", () => {
  let elasticsearch: ElasticsearchEngine;
  beforeAll(() => {
    if (!available.skip) elasticsearch = available.engine;
    console.log(`differential seed ${seed} (DAC_DIFF_SEED=${seed} replays), ${cases} cases`);
  });
  afterAll(async () => {
    if (elasticsearch?.notices.length)
      console.log(`elasticsearch engine notices:\n  ${elasticsearch.notices.join("\n  ")}`);
    await elasticsearch?.close();
  });

  it("gives the same hits for every query on every corpus", { timeout: 900_000 }, async () => {
    const random = createRandom(seed);
    const memory = createMemoryEngine();
    const disagreements: Disagreement[] = [];
    let compared = 0;
    let bothFailed = 0;
    const timing = { open: 0, search: 0 };
    for (let corpus = 0; compared < cases; corpus++) {
      const documents = generateDocuments(random, DOCUMENTS_PER_CORPUS, `c${corpus}-`);
      const dataset = { indices: corpusMappings(), documents };
      const requests: { kql: string; request: SearchRequest }[] = [];
      for (let i = 0; i < QUERIES_PER_CORPUS && compared + requests.length < cases; i++) {
        const kql = generateKql(random);
        const query = toElasticsearchQuery(parseKql(kql), { config: { dateFormatTZ: "Zulu" } }) as JsonObject;
        const request = {
          index: random.pick(PATTERNS),
          query: { bool: { filter: [query] } },
          size: 10_000,
          track_total_hits: true,
        };
        requests.push({ kql, request });
      }
      let started = performance.now();
      const [esSession, memorySession] = await Promise.all([
        elasticsearch.open(dataset),
        memory.open(dataset),
      ]);
      timing.open += performance.now() - started;
      try {
        started = performance.now();
        const esOutcomes = await inBatches(requests, 4, ({ request }) => outcomeOf(esSession, request));
        timing.search += performance.now() - started;
        for (const [position, { kql, request }] of requests.entries()) {
          const memoryOutcome = await outcomeOf(memorySession, request);
          const esOutcome = esOutcomes[position];
          compared++;
          if (esOutcome.error && memoryOutcome.error) bothFailed++;
          if (!sameOutcome(esOutcome, memoryOutcome)) {
            const leaf = await narrowDown(request, { elasticsearch: esSession, memory: memorySession });
            const narrowed = leaf ?? { query: undefined, elasticsearch: esOutcome, memory: memoryOutcome };
            disagreements.push({
              what: `corpus ${corpus}, KQL: ${kql}`,
              request: request as unknown as JsonObject,
              leaf: leaf?.query,
              elasticsearch: narrowed.elasticsearch,
              memory: narrowed.memory,
              documents: differingDocuments(narrowed.elasticsearch, narrowed.memory, documents),
            });
          }
        }
      } finally {
        await Promise.all([esSession.close(), memorySession.close()]);
      }
    }
    console.log(
      `compared ${compared} query × corpus cases (${bothFailed} rejected by both engines); ` +
        `Elasticsearch: index ${Math.round(timing.open)} ms, search ${Math.round(timing.search)} ms`,
    );
    expect(disagreements.length, describeDisagreements(seed, disagreements)).toBe(0);
  });
});
