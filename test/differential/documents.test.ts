/**
 * Differential proof for indexing: random documents with values of every JSON shape in mapped and
 * unmapped fields, added one at a time to both engines; each must accept or reject the same documents
 * (rejections change nothing, so the dynamic mappings evolve alike). DAC_DIFF_SEED replays.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createMemoryEngine } from "../../src/engine/memory/index.js";
import type { StoredDocument } from "../../src/engine/types.js";
import { CORPUS_FIELDS, corpusMappings, fieldValue, LOGS_INDEX, PLAIN_INDEX } from "./corpus.js";
import { elasticsearchForTests } from "./harness.js";
import { createRandom, type Random, runSeed } from "./random.js";

const seed = runSeed();
const DOCUMENTS = Number(process.env.DAC_DIFF_DOCUMENTS ?? 150);

/** Any JSON value: right for the field, or a string, number, boolean, object, array or null. */
function anyShape(random: Random): unknown {
  return random.pick<unknown>([
    "abc",
    "",
    "12",
    "1.5",
    "true",
    "2024-01-01",
    "10.0.0.1",
    7,
    -2.5,
    2 ** 70,
    true,
    false,
    null,
    { inner: "x" },
    [1, "a"],
    [],
  ]);
}

function randomDocument(random: Random, position: number): StoredDocument {
  const source: Record<string, unknown> = {};
  for (const field of random.sample(CORPUS_FIELDS, random.int(1, 3))) {
    source[field.name] = random.chance(0.6) ? anyShape(random) : fieldValue(field, random);
  }
  return { _index: random.chance(0.5) ? LOGS_INDEX : PLAIN_INDEX, _id: `x${position}`, _source: source };
}

async function accepts(add: () => Promise<void>): Promise<boolean> {
  try {
    await add();
    return true;
  } catch {
    return false;
  }
}

const available = await elasticsearchForTests();
if (available.skip) console.warn(`differential tests skipped: ${available.reason}`);

describe.skipIf(available.skip)("indexing: embedded engine = Elasticsearch", () => {
  afterAll(async () => {
    if (!available.skip) await available.engine.close();
  });

  it("accepts and rejects the same documents", { timeout: 300_000 }, async () => {
    if (available.skip) return;
    console.log(`indexing differential seed ${seed} (DAC_DIFF_SEED=${seed} replays), ${DOCUMENTS} documents`);
    const random = createRandom(seed);
    const dataset = { indices: corpusMappings(), documents: [] };
    const elasticsearch = await available.engine.open(dataset);
    const memory = await createMemoryEngine().open(dataset);
    const disagreements: string[] = [];
    let rejected = 0;
    try {
      for (let position = 0; position < DOCUMENTS; position++) {
        const document = randomDocument(random, position);
        const [inElasticsearch, inMemory] = [
          await accepts(() => elasticsearch.addDocuments([document])),
          await accepts(() => memory.addDocuments([document])),
        ];
        if (!inElasticsearch) rejected++;
        if (inElasticsearch !== inMemory) {
          disagreements.push(
            `${JSON.stringify(document)}: Elasticsearch ${inElasticsearch ? "accepts" : "rejects"}, memory ${inMemory ? "accepts" : "rejects"}`,
          );
        }
      }
    } finally {
      await Promise.all([elasticsearch.close(), memory.close()]);
    }
    console.log(`compared ${DOCUMENTS} documents (${rejected} rejected by Elasticsearch)`);
    expect(
      disagreements.length,
      `${disagreements.length} disagreements (replay with DAC_DIFF_SEED=${seed}):\n${disagreements.slice(0, 10).join("\n")}`,
    ).toBe(0);
  });
});
