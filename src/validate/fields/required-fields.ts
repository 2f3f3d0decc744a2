import { ecsSchema, type FieldCatalog } from "../../catalog/catalog.js";
import { lookupField } from "../../catalog/lookup.js";
import { parseDataStreamName } from "../../catalog/mapping.js";
import { datasetOfPattern, schemasForRule } from "../../catalog/rule-schemas.js";
import { esqlSources } from "../../esql/sources.js";
import type { KqlNode } from "../../kql/ast.js";
import { plainValue } from "../../kql/ast.js";
import { ruleFieldRefs } from "../../rule-types/registry.js";
import { queryFieldUses } from "./references.js";
import { metadataIntegrations, metadataStackVersion, ruleIndexPatterns } from "./rule-fields.js";

/** One entry of the Detection Engine's `required_fields`. */
export interface RequiredField {
  name: string;
  type: string;
  ecs: boolean;
}

/** One entry of the Detection Engine's `related_integrations`. */
export interface RelatedIntegration {
  package: string;
  integration?: string;
  version: string;
}

/**
 * Every field the query and the new_terms / threshold fields use, sorted by name, with its type in the rule's
 * schemas ("unknown" when none defines it) and whether ECS defines it — as Elastic's detection-rules tooling
 * computes it. Field-name patterns (`process.*:x`) are left out. `queryFields` are the fields of a query in
 * another language (EQL), when `ast` is undefined.
 */
export function requiredFields(
  rule: { rule: Record<string, unknown>; metadata?: Record<string, unknown> },
  ast: KqlNode | undefined,
  catalog: FieldCatalog,
  queryFields: readonly string[] = [],
): RequiredField[] {
  const { schemas } = schemasForRule(
    {
      index: ruleIndexPatterns(rule.rule),
      integrations: metadataIntegrations(rule.metadata),
      stackVersion: metadataStackVersion(rule.metadata),
    },
    catalog,
  );
  const ecs = ecsSchema(catalog).fields;
  const names = new Set<string>(queryFields);
  for (const use of ast ? queryFieldUses(ast) : []) if (!use.fieldIsPattern) names.add(use.field);
  if (rule.rule.language === "esql" && typeof rule.rule.query === "string") {
    for (const field of esqlSources(rule.rule.query)?.fields ?? []) names.add(field);
  }
  for (const ref of ruleFieldRefs(rule.rule)) names.add(ref.field);
  return [...names].sort().map((name) => {
    const found = lookupField(name, schemas);
    const type = found.kind === "field" ? found.spec.type : "unknown";
    return { name, type, ecs: ecs.has(name) };
  });
}

/**
 * `related_integrations` from `[metadata] integration` ("aws" or "aws.cloudtrail"): one entry per package
 * dac has a version of, with `integration` set to the data stream when the rule's datasets (see
 * `ruleDatasets`) name exactly one of the package's streams. Version is "^<major>.<minor>.0" of the shipped
 * package version. Packages the catalog does not know are left out (Kibana needs a version).
 */
export function relatedIntegrations(
  metadata: Record<string, unknown> | undefined,
  catalog: FieldCatalog,
  datasets: readonly string[] = [],
): RelatedIntegration[] {
  const result: RelatedIntegration[] = [];
  const seen = new Set<string>();
  for (const entry of metadataIntegrations(metadata)) {
    const [pkgName, stream] = entry.includes(".")
      ? [entry.slice(0, entry.indexOf(".")), entry.slice(entry.indexOf(".") + 1)]
      : [entry, undefined];
    const pkg = catalog.packages.get(pkgName);
    if (!pkg) continue;
    const streams = stream ? [stream] : pkg.dataStreams.filter((s) => datasets.includes(`${pkg.name}.${s}`));
    const version = caretRange(pkg.version);
    const entries =
      streams.length > 0
        ? streams.map((integration) => ({ package: pkg.name, integration, version }))
        : [{ package: pkg.name, version }];
    for (const item of entries) {
      const key = `${item.package}/${"integration" in item ? item.integration : ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push(item);
    }
  }
  return result;
}

/** "9.0.3" → "^9.0.0". */
export function caretRange(version: string): string {
  const [major, minor] = version.split(".");
  return `^${major}.${minor ?? "0"}.0`;
}

/** Datasets a rule searches: from `logs-<dataset>-*` patterns and event.dataset / data_stream.dataset values. */
export function ruleDatasets(rule: Record<string, unknown>, ast: KqlNode | undefined): string[] {
  const datasets = new Set<string>();
  for (const pattern of ruleIndexPatterns(rule) ?? []) {
    const dataset = datasetOfPattern(pattern) ?? parseDataStreamName(pattern)?.dataset;
    if (dataset && !dataset.includes("*")) datasets.add(dataset);
    else if (dataset?.endsWith("*") && !dataset.slice(0, -1).includes("*"))
      datasets.add(dataset.slice(0, -1));
  }
  for (const use of ast ? queryFieldUses(ast) : []) {
    if (use.kind !== "is" || (use.field !== "event.dataset" && use.field !== "data_stream.dataset")) continue;
    const value = plainValue(use.value);
    if (typeof value === "string" && use.value.type === "literal") datasets.add(value);
  }
  return [...datasets].sort();
}
