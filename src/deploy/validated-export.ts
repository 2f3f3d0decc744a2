import { existsSync } from "node:fs";
import { openCatalog } from "../catalog/catalog.js";
import type { DacConfig } from "../config/config.js";
import { checkEql } from "../eql/index.js";
import { fieldNames } from "../eql/walk.js";
import type { Finding } from "../findings/finding.js";
import type { KqlNode } from "../kql/ast.js";
import { parseKql } from "../kql/parser.js";
import { readIntegrationManifests, relatedIntegrationVersion } from "../repository/integration-manifests.js";
import { lockStatuses, shippedVersion } from "../repository/lock-status.js";
import { openRepository, repositoryFiles } from "../repository/repository.js";
import type { RuleFile } from "../schema/rule-file.js";
import { relatedIntegrations, requiredFields, ruleDatasets } from "../validate/fields/required-fields.js";
import { type ValidationReport, validateFiles } from "../validate/pipeline.js";
import { type ApiRuleBody, exportRules, type RuleExport } from "./export.js";

export interface ValidatedExport {
  validation: ValidationReport;
  exported: RuleExport;
}

/**
 * Validates the files and exports those without errors, adding what Elastic's tooling computes on
 * export: required_fields and related_integrations from the query and the field schemas (unless the rule
 * sets them itself), and `version` from the version lock when the repository has one. Export, deploy and the
 * main job all ship rules through here.
 */
export function validatedExport(
  files: readonly RuleFile[],
  config: DacConfig,
  options: {
    includeDeprecated?: boolean;
    /** With the repository's etc/integration-manifests.json.gz: related_integrations versions for this stack. */
    stackVersion?: string;
  } = {},
): ValidatedExport {
  const validation = validateFiles(files, { config });
  const byFile = new Map<string, Finding[]>();
  for (const finding of validation.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const catalog = openCatalog(config);
  const lockedVersions = lockedVersionsOf(files, config);
  const integrationVersion = integrationVersionsFor(config, options.stackVersion);
  const exported = exportRules(files, {
    includeDeprecated: options.includeDeprecated ?? false,
    errors: (file) => byFile.get(file.path) ?? [],
    enrich: (api, file) => {
      const ast = kqlOf(api);
      const rule = file.rule ?? {};
      const enriched: ApiRuleBody = { ...api };
      if (api.required_fields === undefined) {
        enriched.required_fields = requiredFields(
          { rule, metadata: file.metadata },
          ast,
          catalog,
          eqlFieldsOf(api),
        ).map(({ name, type }) => ({ name, type }));
      }
      if (api.related_integrations === undefined) {
        enriched.related_integrations = relatedIntegrations(
          file.metadata,
          catalog,
          ruleDatasets(rule, ast),
        ).map((entry) => ({ ...entry, version: integrationVersion(entry.package) ?? entry.version }));
      }
      const version = lockedVersions.get(file.path);
      if (version !== undefined) enriched.version = version;
      return enriched;
    },
  });
  return { validation, exported };
}

function kqlOf(api: ApiRuleBody): KqlNode | undefined {
  if (typeof api.query !== "string" || api.query.trim() === "") return undefined;
  if (api.language !== undefined && api.language !== "kuery") return undefined;
  try {
    return parseKql(api.query);
  } catch {
    return undefined;
  }
}

/** Versions from etc/version.lock.json by file; empty when the repository keeps no lock. */
function lockedVersionsOf(files: readonly RuleFile[], config: DacConfig): Map<string, number> {
  const repository = openRepository(config);
  const versions = new Map<string, number>();
  if (Object.keys(repository.lock).length === 0) return versions;
  for (const rule of lockStatuses(files, repository.lock, repository.requiredFieldsOf)) {
    const version = shippedVersion(rule.status);
    if (version !== undefined) versions.set(rule.file.path, version);
  }
  return versions;
}

/** A package's related_integrations version for `stack` from the repository's manifests, when both exist. */
function integrationVersionsFor(
  config: DacConfig,
  stack: string | undefined,
): (pkg: string) => string | undefined {
  const path = repositoryFiles(config).integrationManifestsPath;
  if (stack === undefined || !existsSync(path)) return () => undefined;
  const manifests = readIntegrationManifests(path);
  return (pkg) => relatedIntegrationVersion(manifests, pkg, stack);
}

/** The fields an EQL rule's query reads (none for other languages or a query Elasticsearch would reject). */
function eqlFieldsOf(api: ApiRuleBody): string[] {
  if (api.language !== "eql" || typeof api.query !== "string") return [];
  try {
    return fieldNames(checkEql(api.query));
  } catch {
    return [];
  }
}
