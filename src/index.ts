/** dac as a library: the rule model, loading and validation, KQL, rule execution and export. */
export { type DacConfig, loadConfig } from "./config/config.js";
export { exportRules } from "./deploy/export.js";
export { validatedExport } from "./deploy/validated-export.js";
export type { Alert, ExecutableRule } from "./engine/execution/index.js";
export { executeRule, toExecutableRule } from "./engine/execution/index.js";
export { memoryEngine } from "./engine/memory/index.js";
export type { SearchEngine, SearchSession } from "./engine/types.js";
export type { Finding } from "./findings/finding.js";
export { parseKql, printKql, toElasticsearchQuery } from "./kql/index.js";
export { defineRule, RuleDefinitionError } from "./schema/builder.js";
export { apiRuleToToml, tomlRuleToApi, withApiDefaults } from "./schema/convert.js";
export type { RuleFile } from "./schema/rule-file.js";
export * from "./schema/rule-schema.js";
export { loadRuleFile, loadRuleFiles, parseRuleFile } from "./schema/toml/load.js";
export { formatRuleDocument } from "./schema/toml/write.js";
export { type SchemaIssue, validateRuleCreate } from "./schema/validate-rule.js";
export { validateFiles } from "./validate/pipeline.js";
