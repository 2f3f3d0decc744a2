import { openCatalog } from "../catalog/catalog.js";
import type { DacConfig } from "../config/config.js";
import { checkEql } from "../eql/index.js";
import { fieldNames } from "../eql/walk.js";
import type { Finding } from "../findings/finding.js";
import type { KqlNode } from "../kql/ast.js";
import { parseKql } from "../kql/parser.js";
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
 * sets them itself). Export, deploy and the main job all ship rules through here.
 */
export function validatedExport(
  files: readonly RuleFile[],
  config: DacConfig,
  options: { includeDeprecated?: boolean } = {},
): ValidatedExport {
  const validation = validateFiles(files, { config });
  const byFile = new Map<string, Finding[]>();
  for (const finding of validation.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const catalog = openCatalog({ fields: config.fields });
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
        enriched.related_integrations = relatedIntegrations(file.metadata, catalog, ruleDatasets(rule, ast));
      }
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

/** The fields an EQL rule's query reads (none for other languages or a query Elasticsearch would reject). */
function eqlFieldsOf(api: ApiRuleBody): string[] {
  if (api.language !== "eql" || typeof api.query !== "string") return [];
  try {
    return fieldNames(checkEql(api.query));
  } catch {
    return [];
  }
}
