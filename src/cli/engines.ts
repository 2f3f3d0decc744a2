import { memoryEngine } from "../engine/memory/index.js";
import type { SearchEngine, SearchSession } from "../engine/types.js";
import { UsageError } from "./io.js";

export const ENGINE_CHOICES = ["memory", "elasticsearch", "both"] as const;

/** The engines a --engine value selects; Elasticsearch connection settings come from the environment. */
export function selectEngines(choice: string | undefined, env: NodeJS.ProcessEnv): SearchEngine[] {
  const name = choice ?? "memory";
  if (!(ENGINE_CHOICES as readonly string[]).includes(name)) {
    throw new UsageError(`--engine must be one of ${ENGINE_CHOICES.join(", ")}, not "${name}"`);
  }
  const engines: SearchEngine[] = [];
  if (name === "memory" || name === "both") engines.push(memoryEngine);
  if (name === "elasticsearch" || name === "both") engines.push(elasticsearchEngine(env));
  return engines;
}

/**
 * The Elasticsearch engine, its module (and the Elasticsearch client) loaded on the first `open`: a run on
 * the embedded engine alone does not pay their start-up time.
 */
function elasticsearchEngine(env: NodeJS.ProcessEnv): SearchEngine {
  let engine: SearchEngine | undefined;
  return {
    name: "elasticsearch",
    async open(dataset): Promise<SearchSession> {
      if (!engine) {
        const { createElasticsearchEngine, elasticsearchOptionsFromEnv } = await import(
          "../engine/elasticsearch/index.js"
        );
        engine = createElasticsearchEngine(elasticsearchOptionsFromEnv(env));
      }
      return engine.open(dataset);
    },
    get notices() {
      return engine?.notices ?? [];
    },
  };
}
