import { globRegExp } from "../semantics/index-patterns.js";
import { catalogSchema, ecsSchema, type FieldCatalog, type FieldSchema } from "./catalog.js";

/** The schemas that describe the data a rule searches. */
export interface RuleSchemas {
  /** ECS first, then the integration schemas that apply. */
  schemas: FieldSchema[];
  /**
   * True when every index pattern (and, for Beats-style patterns, every integration named in metadata) has
   * its schema loaded: a field in none of `schemas` then cannot exist in the searched data.
   */
  complete: boolean;
  /** Index patterns or integrations that have no schema in the catalog (for messages). */
  missing: string[];
}

export interface RuleDataSources {
  /** The rule's `index` patterns; undefined for data-view rules. */
  index?: readonly string[];
  /** `[metadata] integration`: package names ("aws") or package.data_stream names. */
  integrations?: readonly string[];
}

/**
 * Resolves which schemas apply to a rule. `logs-<dataset>-*` patterns select the schema of that dataset;
 * other patterns (filebeat-*, winlogbeat-*, logs-*, ...) hold many sources, so they select the schemas of
 * the integrations the rule's metadata names.
 */
export function schemasForRule(sources: RuleDataSources, catalog: FieldCatalog): RuleSchemas {
  const selected = new Map<string, FieldSchema>();
  const missing: string[] = [];
  const add = (name: string) => {
    const schema = catalogSchema(catalog, name);
    if (schema) selected.set(name, schema);
  };
  const patterns = sources.index ?? [];
  if (patterns.length === 0) missing.push("(no index patterns)");
  let needsMetadata = false;
  for (const pattern of patterns) {
    const dataset = datasetOfPattern(pattern);
    if (dataset === undefined) {
      needsMetadata = true;
      continue;
    }
    const names = schemaNamesMatching(dataset, catalog);
    for (const name of names) add(name);
    if (!coversDataset(dataset, names)) missing.push(pattern);
  }
  if (needsMetadata || patterns.length === 0) {
    const integrations = sources.integrations ?? [];
    if (integrations.length === 0 && needsMetadata) missing.push("(no [metadata] integration)");
    for (const integration of integrations) {
      const names = schemasOfIntegration(integration, catalog);
      for (const name of names) add(name);
      if (names.length === 0) missing.push(`integration ${integration}`);
    }
  }
  return { schemas: [ecsSchema(catalog), ...selected.values()], complete: missing.length === 0, missing };
}

/**
 * The dataset part of a data stream pattern: "logs-aws.cloudtrail-*" and "logs-aws.cloudtrail*" give
 * "aws.cloudtrail*"-style globs; undefined when the pattern is not a data stream of one dataset family.
 */
export function datasetOfPattern(pattern: string): string | undefined {
  const match = /^(?:logs|metrics|traces)-([^-]+)(?:-.*)?$/.exec(pattern.trim());
  if (!match) return undefined;
  const dataset = match[1];
  if (dataset === "*" || dataset.startsWith("*")) return undefined;
  return dataset;
}

function schemaNamesMatching(datasetGlob: string, catalog: FieldCatalog): string[] {
  const regex = globRegExp(datasetGlob);
  return [...catalog.sources.keys()].filter((name) => regex.test(name));
}

/** A pattern is covered when it names a dataset we have, possibly with a trailing "*" ("aws.cloudtrail*"). */
function coversDataset(datasetGlob: string, names: readonly string[]): boolean {
  const literal = datasetGlob.replace(/\*$/, "");
  return !literal.includes("*") && names.includes(literal);
}

function schemasOfIntegration(integration: string, catalog: FieldCatalog): string[] {
  return [...catalog.sources.values()]
    .filter((source) => source.name === integration || source.package === integration)
    .map((source) => source.name);
}
