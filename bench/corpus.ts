/** Figures over a corpus of rule files: load + validate, KQL parse + translate, EQL parse + validate, Kibana schema. */
import { createCatalogCache, openCatalog } from "../src/catalog/catalog.js";
import { loadConfig } from "../src/config/config.js";
import { parseKql, toElasticsearchQuery } from "../src/kql/index.js";
import { tomlRuleToApi, withApiDefaults } from "../src/schema/convert.js";
import type { RuleFile } from "../src/schema/rule-file.js";
import { loadRuleFiles } from "../src/schema/toml/load.js";
import { validateRuleCreate } from "../src/schema/validate-rule.js";
import { type RuleContext, ruleContext } from "../src/validate/check.js";
import { eqlFieldCheck } from "../src/validate/fields/eql-fields.js";
import { ParsedQueries } from "../src/validate/parsed-queries.js";
import { validateFiles } from "../src/validate/pipeline.js";
import { querySyntaxCheck } from "../src/validate/stages/kql.js";
import { against, measure, measureLaps, type RunPlan, stopwatch } from "./measure.js";

const LOAD_AND_VALIDATE_TARGET_MS = 2000;
const KQL_TARGET_MS = 100;
const EQL_TARGET_MS = 60;
/** Rule types whose `query` is KQL unless `language` says otherwise (Kibana's default language is kuery). */
const KQL_RULE_TYPES = new Set(["query", "saved_query", "threshold", "new_terms", "threat_match"]);

export async function loadAndValidateFigure(corpusDir: string, plan: RunPlan) {
  const config = loadConfig(corpusDir);
  let counts = { files: 0, rules: 0, findings: 0, errors: 0 };
  const laps = await measureLaps(plan, async () => {
    const watch = stopwatch();
    const files = loadRuleFiles([corpusDir]);
    const load = watch.lap();
    const report = validateFiles(files, { config });
    const validate = watch.lap();
    counts = {
      files: report.files,
      rules: report.rules,
      findings: report.findings.length,
      errors: report.findings.filter((finding) => finding.severity === "error").length,
    };
    return { load, validate, total: load + validate };
  });
  return {
    corpus: corpusDir,
    ...counts,
    load: laps.load,
    validate: laps.validate,
    total: against(laps.total, LOAD_AND_VALIDATE_TARGET_MS),
  };
}

/** The KQL queries of the corpus: query-like rule types whose language is kuery or unset. */
export function kqlQueries(files: readonly RuleFile[]): string[] {
  return files.flatMap(({ rule }) => {
    if (!rule || !KQL_RULE_TYPES.has(String(rule.type))) return [];
    if (rule.language !== undefined && rule.language !== "kuery") return [];
    return typeof rule.query === "string" && rule.query.trim() !== "" ? [rule.query] : [];
  });
}

export async function kqlFigure(files: readonly RuleFile[], plan: RunPlan) {
  const queries = kqlQueries(files);
  let failures = { parse_errors: 0, translate_errors: 0 };
  const timing = await measure(plan, () => {
    failures = { parse_errors: 0, translate_errors: 0 };
    for (const query of queries) {
      let ast: ReturnType<typeof parseKql>;
      try {
        ast = parseKql(query);
      } catch {
        failures.parse_errors++;
        continue;
      }
      try {
        toElasticsearchQuery(ast, { config: { dateFormatTZ: "Zulu" } });
      } catch {
        failures.translate_errors++;
      }
    }
  });
  return { queries: queries.length, ...failures, ...against(timing, KQL_TARGET_MS) };
}

/**
 * The EQL rules of the corpus through the EQL stages of `dac validate`: syntax (parse and verify) and fields
 * against the catalog, sharing one parse per rule; the catalog is opened beforehand, as validate does once.
 */
export async function eqlFigure(files: readonly RuleFile[], plan: RunPlan) {
  const contexts = files
    .map(ruleContext)
    .filter(
      (context): context is RuleContext =>
        context?.rule.language === "eql" && typeof context.rule.query === "string",
    );
  const catalog = openCatalog({ cache: createCatalogCache() });
  let counts = { parse_errors: 0, findings: 0 };
  const timing = await measure(plan, () => {
    // The checks as one `dac validate` makes them: what they remember is shared across its rules, not its runs.
    const checks = [querySyntaxCheck, eqlFieldCheck(catalog)];
    counts = { parse_errors: 0, findings: 0 };
    for (const context of contexts) {
      // A fresh parse cache each run, so every run parses every query (once, as validate does).
      const fresh = { ...context, deprecated: false, queries: new ParsedQueries(context.rule) };
      for (const check of checks) {
        const findings = check(fresh);
        counts.findings += findings.length;
        counts.parse_errors += findings.filter((finding) => finding.code === "eql-syntax").length;
      }
    }
  });
  return { queries: contexts.length, ...counts, ...against(timing, EQL_TARGET_MS) };
}

/** Times `validateRuleCreate` alone; the API bodies are converted from TOML beforehand. */
export async function schemaFigure(files: readonly RuleFile[], plan: RunPlan) {
  const bodies: Record<string, unknown>[] = [];
  let conversionErrors = 0;
  for (const { rule } of files) {
    if (!rule) continue;
    try {
      bodies.push(withApiDefaults(tomlRuleToApi(rule)));
    } catch {
      conversionErrors++;
    }
  }
  let issues = { rules_with_issues: 0, issues: 0 };
  const timing = await measure(plan, () => {
    issues = { rules_with_issues: 0, issues: 0 };
    for (const body of bodies) {
      const found = validateRuleCreate(body);
      if (found.length > 0) issues.rules_with_issues++;
      issues.issues += found.length;
    }
  });
  return { rules: bodies.length, conversion_errors: conversionErrors, ...issues, ...timing };
}
