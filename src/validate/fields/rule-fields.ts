import { esqlSources } from "../../esql/sources.js";

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

/** `[metadata] min_stack_version` ("8.14.0"), when set. */
export function metadataStackVersion(metadata: Record<string, unknown> | undefined): string | undefined {
  const value = metadata?.min_stack_version;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
