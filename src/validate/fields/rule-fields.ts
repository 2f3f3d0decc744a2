import { esqlIndices } from "../../esql/sources.js";
import { ParsedQueries } from "../parsed-queries.js";

/** `[metadata] integration` as a list of names. */
export function metadataIntegrations(metadata: Record<string, unknown> | undefined): string[] {
  const value = metadata?.integration;
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * The index patterns a rule reads: `index`, or the FROM of an ES|QL query (undefined when it does not parse).
 * `queries`: the rule's queries as validation parses them once, so the stages asking do not parse it again.
 */
export function ruleIndexPatterns(
  rule: Record<string, unknown>,
  queries: ParsedQueries = new ParsedQueries(rule),
): string[] | undefined {
  if (Array.isArray(rule.index)) return rule.index.filter((v): v is string => typeof v === "string");
  if (rule.language !== "esql" || typeof rule.query !== "string") return undefined;
  const parsed = queries.tree("query", "esql");
  return parsed && esqlIndices(parsed);
}

/** `[metadata] min_stack_version` ("8.14.0"), when set. */
export function metadataStackVersion(metadata: Record<string, unknown> | undefined): string | undefined {
  const value = metadata?.min_stack_version;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
