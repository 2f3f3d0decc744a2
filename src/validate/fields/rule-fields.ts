import { esqlSources } from "../../esql/sources.js";
import type { KeyPath } from "../../schema/source.js";

/** The aggregation fields a rule names outside its query, with the TOML path of each. */
export interface RuleFieldRef {
  field: string;
  path: KeyPath;
  role: "new_terms" | "threshold" | "threshold_cardinality";
}

/**
 * new_terms and threshold fields, from either the TOML layout (`[rule.new_terms] value = [...]`) or the
 * Kibana API layout (`new_terms_fields = [...]`); threshold `field` may be a string or a list.
 */
export function ruleAggregationFields(rule: Record<string, unknown>): RuleFieldRef[] {
  const refs: RuleFieldRef[] = [];
  const newTerms = rule.new_terms as Record<string, unknown> | undefined;
  if (newTerms && typeof newTerms === "object" && Array.isArray(newTerms.value)) {
    newTerms.value.forEach((field, i) => {
      if (typeof field === "string")
        refs.push({ field, path: ["rule", "new_terms", "value", i], role: "new_terms" });
    });
  }
  if (Array.isArray(rule.new_terms_fields)) {
    rule.new_terms_fields.forEach((field, i) => {
      if (typeof field === "string")
        refs.push({ field, path: ["rule", "new_terms_fields", i], role: "new_terms" });
    });
  }
  const threshold = rule.threshold as Record<string, unknown> | undefined;
  if (threshold && typeof threshold === "object") {
    if (typeof threshold.field === "string" && threshold.field !== "") {
      refs.push({ field: threshold.field, path: ["rule", "threshold", "field"], role: "threshold" });
    } else if (Array.isArray(threshold.field)) {
      threshold.field.forEach((field, i) => {
        if (typeof field === "string")
          refs.push({ field, path: ["rule", "threshold", "field", i], role: "threshold" });
      });
    }
    if (Array.isArray(threshold.cardinality)) {
      threshold.cardinality.forEach((entry, i) => {
        const field = (entry as Record<string, unknown> | null)?.field;
        if (typeof field === "string") {
          refs.push({
            field,
            path: ["rule", "threshold", "cardinality", i, "field"],
            role: "threshold_cardinality",
          });
        }
      });
    }
  }
  return refs;
}

/** `[metadata] integration` as a list of names. */
export function metadataIntegrations(metadata: Record<string, unknown> | undefined): string[] {
  const value = metadata?.integration;
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function ruleIndexPatterns(rule: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(rule.index)) return rule.index.filter((v): v is string => typeof v === "string");
  // an ES|QL rule names its indices in the query's FROM command
  if (rule.language === "esql" && typeof rule.query === "string") return esqlSources(rule.query)?.indices;
  return undefined;
}
