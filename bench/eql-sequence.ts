/**
 * Figure: a three-term sequence (`by` two keys, maxspan 5m) over 100,000 generated endpoint events, indexing
 * included. Noise events never complete the sequence on their keys, so the planted sequences are the count
 * to expect.
 */

import { openEventIndex } from "../src/engine/memory/index.js";
import type { JsonObject } from "../src/engine/types.js";
import { readJsonMapping } from "../src/eql/engine/mapping-json.js";
import { eqlSearch } from "../src/eql/engine/search.js";
import { against, measureLaps, type RunPlan, stopwatch } from "./measure.js";

const TARGET_MS = 1000;
const EVENTS = 100_000;
const PLANTED = 200;
const INDEX = "logs-endpoint.events.process-default";
const QUERY = `sequence by host.id, process.entity_id with maxspan=5m
  [process where event.type == "start" and process.name : "winword.exe"]
  [file where file.extension : "exe"]
  [network where destination.port == 443]`;

const MAPPING = {
  properties: {
    "@timestamp": { type: "date" },
    event: { properties: { category: { type: "keyword" }, type: { type: "keyword" } } },
    host: { properties: { id: { type: "keyword" } } },
    process: { properties: { entity_id: { type: "keyword" }, name: { type: "keyword" } } },
    file: { properties: { extension: { type: "keyword" } } },
    destination: { properties: { port: { type: "long" } } },
  },
};

/** Deterministic events: PLANTED complete sequences on their own keys, the rest noise that cannot complete one. */
export function generateEndpointEvents(count = EVENTS): { id: string; source: JsonObject }[] {
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const start = Date.UTC(2025, 0, 15);
  const events: { id: string; source: JsonObject }[] = [];
  const at = (ms: number) => new Date(start + ms).toISOString();
  for (let i = 0; i < PLANTED; i++) {
    const base = i * 60_000;
    const keys = {
      host: { id: `planted-host-${i % 20}` },
      process: { entity_id: `planted-${i}`, name: "WINWORD.EXE" },
    };
    events.push(
      {
        id: `p${i}-1`,
        source: { "@timestamp": at(base), event: { category: "process", type: "start" }, ...keys },
      },
      {
        id: `p${i}-2`,
        source: {
          "@timestamp": at(base + 1000),
          event: { category: "file" },
          file: { extension: "EXE" },
          ...keys,
        },
      },
      {
        id: `p${i}-3`,
        source: {
          "@timestamp": at(base + 2000),
          event: { category: "network" },
          destination: { port: 443 },
          ...keys,
        },
      },
    );
  }
  const categories = ["process", "file", "network"];
  for (let i = events.length; i < count; i++) {
    const category = categories[random(3)];
    const source: JsonObject = {
      "@timestamp": at(random(86_400_000)),
      event: { category, type: "start" },
      host: { id: `host-${random(50)}` },
      process: { entity_id: `proc-${random(5000)}`, name: random(2) ? "svchost.exe" : "winword.exe" },
    };
    if (category === "file") source.file = { extension: "dll" };
    if (category === "network") source.destination = { port: 443 };
    events.push({ id: `n${i}`, source });
  }
  return events;
}

export async function eqlSequenceFigure(plan: RunPlan) {
  const documents = generateEndpointEvents();
  const mapping = readJsonMapping(MAPPING, "bench mapping");
  let sequences = 0;
  let heapMb = 0;
  const laps = await measureLaps(plan, async () => {
    const watch = stopwatch();
    const index = openEventIndex({ name: INDEX, documents, mapping });
    const indexing = watch.lap();
    const response = eqlSearch([index], INDEX, { query: QUERY, size: 10_000 }, { now: Date.now() });
    const execution = watch.lap();
    heapMb = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    sequences = ((response.hits as JsonObject).sequences as unknown[]).length;
    return { indexing, execution, total: indexing + execution };
  });
  return {
    events: documents.length,
    sequences,
    expected_sequences: PLANTED,
    heap_mb_after_search: heapMb,
    indexing: laps.indexing,
    execution: laps.execution,
    total: against(laps.total, TARGET_MS),
  };
}
