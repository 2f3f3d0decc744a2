/**
 * The Detection Engine's `related_integrations`, derived as Elastic's detection-rules derives it on export:
 * from the datasets the query names (event.dataset / data_stream.dataset values, not index patterns), plus a
 * package-only entry from `[metadata] integration` for machine learning rules, machine learning packages,
 * packages whose data carries no dataset, and ES|QL rules, unless a named dataset already covers the package.
 */
import type { EqlStatement } from "../../eql/ast.js";
import { topExpressions, walkExpression } from "../../eql/walk.js";
import type { KqlNode } from "../../kql/ast.js";
import { plainValue } from "../../kql/ast.js";
import { queryFieldUses } from "./references.js";
import { metadataIntegrations } from "./rule-fields.js";

/** One entry of the Detection Engine's `related_integrations`. */
export interface RelatedIntegration {
  package: string;
  integration?: string;
  version: string;
}

/** A package's release for the stack exported for: its version range and its policy templates. */
export type PackageRelease = { version: string; policyTemplates: readonly string[] };

/** Packages whose events name no dataset of theirs, so the metadata's package is listed on its own. */
const NON_DATASET_PACKAGES = new Set([
  "apm",
  "auditd_manager",
  "cloud_defend",
  "corelight",
  "endpoint",
  "jamf_protect",
  "network_traffic",
  "pfsense",
  "system",
  "windows",
  "sentinel_one_cloud_funnel",
  "ti_rapid7_threat_command",
  "m365_defender",
  "panw",
  "crowdstrike",
]);

/** Machine learning packages (compared lower-case). */
const MACHINE_LEARNING_PACKAGES = new Set(["lmd", "dga", "ded", "problemchild", "beaconing", "pad"]);

const DATASET_FIELDS = new Set(["event.dataset", "data_stream.dataset"]);

/**
 * `related_integrations` of a rule: undefined (the field left out) for Lucene rules, without `[metadata]
 * integration`, or when neither the metadata nor the query names a package to list. Entries whose package
 * `release` does not know are left out (Kibana needs a version), and an entry keeps its `integration` only when
 * the release has that policy template.
 */
export function relatedIntegrations(
  rule: { type?: unknown; language?: unknown; metadata?: Record<string, unknown> },
  datasets: readonly string[],
  release: (pkg: string) => PackageRelease | undefined,
): RelatedIntegration[] | undefined {
  const named = metadataIntegrations(rule.metadata);
  const machineLearning = rule.type === "machine_learning";
  if (
    named.length === 0 ||
    (!machineLearning && (rule.language === undefined || rule.language === "lucene"))
  ) {
    return undefined;
  }
  const candidates: { package: string; integration?: string }[] = [];
  const uncovered = (pkg: string) => !datasets.some((d) => d === pkg || d.startsWith(`${pkg}.`));
  for (const pkg of named) {
    const listed =
      machineLearning ||
      (NON_DATASET_PACKAGES.has(pkg)
        ? uncovered(pkg)
        : MACHINE_LEARNING_PACKAGES.has(pkg.toLowerCase()) || (rule.language === "esql" && uncovered(pkg)));
    if (listed) candidates.push({ package: pkg });
  }
  for (const dataset of [...datasets].sort()) {
    const entry = datasetEntry(dataset);
    if (release(entry.package)) candidates.push(entry);
  }
  if (candidates.length === 0) return undefined;
  const result = new Map<string, RelatedIntegration>();
  for (const candidate of candidates) {
    const found = release(candidate.package);
    if (!found) continue;
    const entry: RelatedIntegration =
      candidate.integration !== undefined && found.policyTemplates.includes(candidate.integration)
        ? { package: candidate.package, integration: candidate.integration, version: found.version }
        : { package: candidate.package, version: found.version };
    const key = JSON.stringify(entry);
    if (!result.has(key)) result.set(key, entry);
  }
  return [...result.values()];
}

/** "aws.cloudtrail" → aws / cloudtrail; Endpoint's "endpoint.events.network" → endpoint / network. */
function datasetEntry(dataset: string): { package: string; integration?: string } {
  const value = dataset.replace(/^"+|"+$/g, "");
  const dot = value.indexOf(".");
  if (dot < 0) return { package: value };
  const pkg = value.slice(0, dot);
  const rest = value.slice(dot + 1);
  return {
    package: pkg,
    integration: pkg === "endpoint" && rest.includes("events") ? rest.split(".")[1] : rest,
  };
}

/** Datasets a KQL query names: plain values of event.dataset / data_stream.dataset (wildcards left out). */
export function kqlDatasets(ast: KqlNode): string[] {
  const datasets = new Set<string>();
  for (const use of queryFieldUses(ast)) {
    if (use.kind !== "is" || !DATASET_FIELDS.has(use.field) || use.value.type !== "literal") continue;
    const value = plainValue(use.value);
    if (typeof value === "string") datasets.add(value);
  }
  return [...datasets];
}

/** Datasets an EQL query names: `==` and `in` comparisons of event.dataset / data_stream.dataset to strings. */
export function eqlDatasets(statement: EqlStatement): string[] {
  const datasets = new Set<string>();
  const isDatasetField = (node: { type: string; name?: string }) =>
    node.type === "field" && DATASET_FIELDS.has(node.name ?? "");
  for (const expression of topExpressions(statement)) {
    walkExpression(expression, (node) => {
      if (node.type === "comparison" && node.operator === "==" && isDatasetField(node.left)) {
        if (node.right.type === "literal" && node.right.kind === "string") datasets.add(node.right.value);
      } else if (node.type === "in" && isDatasetField(node.subject)) {
        for (const value of node.values) {
          if (value.type === "literal" && value.kind === "string") datasets.add(value.value);
        }
      }
    });
  }
  return [...datasets];
}

/**
 * Datasets an ES|QL query names as `package.stream`: `event.dataset == "x"` and `event.dataset in ("x", "y")`
 * (and data_stream.dataset's), read from the text as detection-rules reads it.
 */
export function esqlDatasets(query: string): string[] {
  const values: string[] = [];
  for (const match of query.matchAll(/(?:event|data_stream)\.dataset\s+in\s*\(\s*([^)]+)\s*\)/g)) {
    values.push(...match[1].split(","));
  }
  for (const match of query.matchAll(/(?:event|data_stream)\.dataset\s*==\s*"([^"]+)"/g))
    values.push(match[1]);
  const datasets = values.map((value) => value.trim().replace(/^"+|"+$/g, ""));
  return [...new Set(datasets.filter((dataset) => dataset.split(".").length === 2))];
}
