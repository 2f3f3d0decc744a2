import { createElasticsearchEngine, elasticsearchOptionsFromEnv } from "../engine/elasticsearch/index.js";
import { memoryEngine } from "../engine/memory/index.js";
import type { SearchEngine } from "../engine/types.js";
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
  if (name === "elasticsearch" || name === "both")
    engines.push(createElasticsearchEngine(elasticsearchOptionsFromEnv(env)));
  return engines;
}
