import { globRegExp } from "../semantics/index-patterns.js";
import { catalogSchema, ecsSchema, type FieldCatalog, type FieldSchema } from "./catalog.js";
import { allowListFor } from "./non-ecs-schema.js";

/** The schemas that describe the data a rule searches. */
export interface RuleSchemas {
  /**
   * The schemas that apply, most specific first (that definition wins): those `dac.config.yaml` `fields:`
   * extends or adds, the allow-list keys matching the rule's patterns, the other integration schemas, ECS.
   */
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
  /** `[metadata] min_stack_version`: picks the package version where several are shipped. */
  stackVersion?: string;
}

/**
 * Resolves which schemas apply to a rule, the way Kibana resolves its index patterns to data streams:
 * `logs-<dataset glob>-*` patterns select the datasets they match (`logs-okta*`, `logs-azure.*-*`,
 * `logs-endpoint.events.process-*`), narrowed to the packages of `[metadata] integration` when the glob spans
 * several packages; Beats patterns (`winlogbeat-*`) select the packages that beat's modules write (see
 * data/fields/beats.yml) or, when given, the integrations of the metadata; other patterns (`logs-*`,
 * `endgame-*`) hold many sources and select the integrations the metadata names.
 */
export function schemasForRule(sources: RuleDataSources, catalog: FieldCatalog): RuleSchemas {
  const selected = new Map<string, FieldSchema>();
  const allowed = new Map<string, FieldSchema>();
  const missing: string[] = [];
  const add = (name: string) => {
    const schema = catalogSchema(catalog, name, sources.stackVersion);
    if (schema) selected.set(name, schema);
  };
  const integrations = sources.integrations ?? [];
  const patterns = sources.index ?? [];
  if (patterns.length === 0) missing.push("(no index patterns)");
  let needsMetadata = patterns.length === 0;
  for (const pattern of patterns) {
    for (const entry of allowListFor(pattern, catalog.allowList)) allowed.set(entry.pattern, entry.schema);
    const dataset = datasetOfPattern(pattern);
    if (dataset !== undefined) {
      const names = narrowed(schemaNamesMatching(dataset, catalog), integrations, catalog);
      for (const name of names) add(name);
      if (!coversDataset(dataset, names)) missing.push(pattern);
      continue;
    }
    const beat = catalog.beats.get(beatOfPattern(pattern) ?? "");
    if (beat && integrations.length === 0) {
      for (const pkg of beat.packages) for (const name of schemasOfIntegration(pkg, catalog)) add(name);
      if (!beat.complete) missing.push("(no [metadata] integration)");
      continue;
    }
    needsMetadata = true;
  }
  if (needsMetadata) {
    if (integrations.length === 0 && patterns.length > 0) missing.push("(no [metadata] integration)");
    for (const integration of integrations) {
      const names = schemasOfIntegration(integration, catalog);
      for (const name of names) add(name);
      if (names.length === 0) missing.push(`integration ${integration}`);
    }
  }
  const configured = [...selected.values()].filter((schema) => catalog.configured.has(schema.name));
  const shipped = [...selected.values()].filter((schema) => !catalog.configured.has(schema.name));
  return {
    schemas: [...configured, ...allowed.values(), ...shipped, ecsSchema(catalog)],
    complete: missing.length === 0,
    missing: [...new Set(missing)],
  };
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

/** "winlogbeat" for winlogbeat-* / winlogbeat-8.*; undefined for other patterns. */
export function beatOfPattern(pattern: string): string | undefined {
  return /^([a-z]+beat)-/.exec(pattern.trim())?.[1];
}

/** Per catalog, the schema names a dataset glob or an integration selects: every rule asks again. */
const SELECTIONS = new WeakMap<FieldCatalog, Map<string, string[]>>();

function memoized(catalog: FieldCatalog, key: string, select: () => string[]): string[] {
  let memo = SELECTIONS.get(catalog);
  if (!memo) {
    memo = new Map();
    SELECTIONS.set(catalog, memo);
  }
  let names = memo.get(key);
  if (!names) {
    names = select();
    memo.set(key, names);
  }
  return names;
}

function schemaNamesMatching(datasetGlob: string, catalog: FieldCatalog): string[] {
  return memoized(catalog, `glob:${datasetGlob}`, () => {
    const regex = globRegExp(datasetGlob);
    return [...catalog.sources.keys()].filter((name) => regex.test(name));
  });
}

/** A glob matching datasets of several packages keeps those of the metadata's integrations, when any match. */
function narrowed(names: string[], integrations: readonly string[], catalog: FieldCatalog): string[] {
  const packages = new Set(names.map((name) => catalog.sources.get(name)?.package));
  if (packages.size < 2 || integrations.length === 0) return names;
  const wanted = new Set(integrations.flatMap((integration) => schemasOfIntegration(integration, catalog)));
  const kept = names.filter((name) => wanted.has(name));
  return kept.length > 0 ? kept : names;
}

/** A pattern is covered when it names a dataset we have, possibly with a trailing "*" ("aws.cloudtrail*"). */
function coversDataset(datasetGlob: string, names: readonly string[]): boolean {
  const literal = datasetGlob.replace(/\*$/, "");
  return !literal.includes("*") && names.includes(literal);
}

function schemasOfIntegration(integration: string, catalog: FieldCatalog): string[] {
  return memoized(catalog, `integration:${integration}`, () =>
    [...catalog.sources.values()]
      .filter((source) => source.name === integration || source.package === integration)
      .map((source) => source.name),
  );
}
