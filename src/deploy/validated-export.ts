import { existsSync } from "node:fs";
import { type FieldCatalog, openCatalog } from "../catalog/catalog.js";
import type { DacConfig } from "../config/config.js";
import { checkEql } from "../eql/index.js";
import { fieldNames } from "../eql/walk.js";
import type { Finding } from "../findings/finding.js";
import type { KqlNode } from "../kql/ast.js";
import { parseKql } from "../kql/parser.js";
import { readIntegrationManifests, relatedIntegrationRelease } from "../repository/integration-manifests.js";
import { lockStatuses, shippedVersion } from "../repository/lock-status.js";
import { openRepository, releaseStack, repositoryFiles } from "../repository/repository.js";
import { emittedVersionFor } from "../repository/version-lock.js";
import type { RuleFile } from "../schema/rule-file.js";
import {
  eqlDatasets,
  esqlDatasets,
  kqlDatasets,
  type PackageRelease,
  relatedIntegrations,
} from "../validate/fields/related-integrations.js";
import { requiredFields } from "../validate/fields/required-fields.js";
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
    /**
     * The stack to export for: fields it does not know dropped, rule types it lacks refused, and with the
     * repository's etc/integration-manifests.json.gz related_integrations versions for it (by default for
     * the release etc/packages.yaml names).
     */
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
  const shipped = shippedContent(files, config, options.stackVersion);
  const packageRelease = packageReleasesFor(
    config,
    catalog,
    options.stackVersion ?? releaseStack(repositoryFiles(config)),
  );
  const exported = exportRules(files, {
    includeDeprecated: options.includeDeprecated ?? false,
    ...(options.stackVersion === undefined ? {} : { stackVersion: options.stackVersion }),
    errors: (file) => byFile.get(file.path) ?? [],
    enrich: (api, file) => {
      const ast = kqlOf(api);
      const rule = file.rule ?? {};
      const content = shipped.get(file.path);
      // detection-rules' API form: normalised text, rendered [transform], Setup split from the note, its required_fields
      const enriched: ApiRuleBody = content?.body
        ? { ...content.body, ...pick(api, "related_integrations") }
        : { ...api };
      if (enriched.required_fields === undefined && api.language === "esql") {
        enriched.required_fields = requiredFields({ rule, metadata: file.metadata }, ast, catalog, []);
      }
      if (enriched.required_fields === undefined && !content?.body) {
        enriched.required_fields = requiredFields(
          { rule, metadata: file.metadata },
          ast,
          catalog,
          eqlFieldsOf(api),
        );
      }
      if (api.related_integrations === undefined) {
        const related = relatedIntegrations(
          { type: api.type, language: api.language, metadata: file.metadata },
          queryDatasets(api, ast),
          packageRelease,
        );
        if (related !== undefined) enriched.related_integrations = related;
      }
      const version = content?.version ?? api.version;
      if (version !== undefined) enriched.version = version;
      return enriched;
    },
  });
  return { validation, exported };
}

function pick(api: ApiRuleBody, key: string): ApiRuleBody {
  return api[key] === undefined ? {} : { [key]: api[key] };
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

/**
 * Per file, the rule as detection-rules ships it (the content it hashes, which leaves out version and
 * related_integrations) and the version from etc/version.lock.json when the repository keeps one: the
 * `stack_emit` epoch's for the stack exported for (--stack-version, else etc/packages.yaml's release).
 */
function shippedContent(
  files: readonly RuleFile[],
  config: DacConfig,
  stackVersion: string | undefined,
): Map<string, { body?: ApiRuleBody; version?: number }> {
  const repository = openRepository(config);
  const locked = Object.keys(repository.lock).length > 0;
  const stack = stackVersion ?? (locked ? releaseStack(repository) : undefined);
  const content = new Map<string, { body?: ApiRuleBody; version?: number }>();
  for (const rule of lockStatuses(files, repository.lock, repository.requiredFieldsOf)) {
    const emitted = stack === undefined ? undefined : emittedVersionFor(repository.lock, rule.ruleId, stack);
    const version = locked ? (emitted ?? shippedVersion(rule.status)) : undefined;
    content.set(rule.file.path, {
      ...("json" in rule.hash ? { body: JSON.parse(rule.hash.json) as ApiRuleBody } : {}),
      ...(version === undefined ? {} : { version }),
    });
  }
  return content;
}

/**
 * A package's release for `stack` from the repository's manifests when it keeps them; otherwise the catalog's
 * shipped version as a caret range, with its data streams standing for the policy templates.
 */
function packageReleasesFor(
  config: DacConfig,
  catalog: FieldCatalog,
  stack: string | undefined,
): (pkg: string) => PackageRelease | undefined {
  const path = repositoryFiles(config).integrationManifestsPath;
  if (stack !== undefined && existsSync(path)) {
    const manifests = readIntegrationManifests(path);
    return (pkg) => relatedIntegrationRelease(manifests, pkg, stack);
  }
  return (pkg) => {
    const known = catalog.packages.get(pkg);
    if (!known) return undefined;
    const [major, minor] = known.version.split(".");
    return { version: `^${major}.${minor ?? "0"}.0`, policyTemplates: known.dataStreams };
  };
}

/** The datasets a rule's query names (KQL, EQL or ES|QL). */
function queryDatasets(api: ApiRuleBody, ast: KqlNode | undefined): string[] {
  if (ast) return kqlDatasets(ast);
  if (typeof api.query !== "string") return [];
  if (api.language === "esql") return esqlDatasets(api.query);
  if (api.language !== "eql") return [];
  try {
    return eqlDatasets(checkEql(api.query));
  } catch {
    return [];
  }
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
