/**
 * What the rule types that search events with a query (query, new_terms, threshold) share: reading the search
 * parameters from the typed rule, and the rule's query with its language.
 */
import type { ExecutableRule } from "../../engine/execution/executable-rule.js";
import { UnsupportedRuleError } from "../../engine/execution/executable-rule.js";
import type { JsonObject } from "../../engine/types.js";
import { LANGUAGES, type LanguageName } from "../../languages.js";
import type { RuleQuery } from "../rule-type.js";

/** The create-model fields an event search reads; every query-family rule type's model has them. */
export interface EventSearchRule {
  rule_id?: string;
  name: string;
  index?: string[];
  query?: string;
  language?: "kuery" | "lucene";
  filters?: unknown[];
  from?: string;
  to?: string;
  interval?: string;
  max_signals?: number;
  timestamp_override?: string;
  timestamp_override_fallback_disabled?: boolean;
}

/** The execution parameters common to event-searching rule types; Kibana's defaults where a key is absent. */
export function eventSearchParameters(rule: EventSearchRule): Omit<ExecutableRule, "type" | "params"> {
  if (!rule.index || rule.index.length === 0) {
    throw new UnsupportedRuleError(
      "rule has no index patterns (data views cannot be resolved without Kibana); tests need `index`",
    );
  }
  const override = rule.timestamp_override;
  const fallback =
    override !== undefined && override !== "@timestamp" && rule.timestamp_override_fallback_disabled !== true;
  return {
    ruleId: rule.rule_id ?? "",
    name: rule.name,
    index: rule.index,
    query: rule.query ?? "",
    language: rule.language ?? "kuery",
    filters: (rule.filters ?? []).filter(isObject),
    from: rule.from ?? "now-6m",
    to: rule.to ?? "now",
    interval: rule.interval ?? "5m",
    maxSignals: rule.max_signals ?? 100,
    primaryTimestamp: override ?? "@timestamp",
    secondaryTimestamp: fallback ? "@timestamp" : undefined,
  };
}

/** The query under `key` in the language under `languageKey`, `fallback` when not written; none in a language dac does not know. */
export function writtenQuery(
  rule: Record<string, unknown>,
  key: string,
  languageKey: string,
  fallback: LanguageName,
): RuleQuery[] {
  const written = rule[languageKey];
  if (written === undefined) return [{ key, language: fallback }];
  return typeof written === "string" && Object.hasOwn(LANGUAGES, written)
    ? [{ key, language: written as LanguageName }]
    : [];
}

/** `query` in the rule's `language`, KQL when not written: the query, new_terms and threshold types. */
export function kqlOrLuceneQuery(rule: Record<string, unknown>): RuleQuery[] {
  return writtenQuery(rule, "query", "language", "kuery");
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
