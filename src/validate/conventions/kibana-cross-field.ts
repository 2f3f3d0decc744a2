import type { Finding } from "../../findings/finding.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import { isRecord, records, strings } from "../values.js";

/**
 * Checks the Kibana rule handlers make beyond the JSON schema; a rule failing one is rejected on create or
 * import (rules API facts, section 3.6).
 */
export const kibanaCrossFieldCheck: RuleCheck = (context) => {
  if (context.deprecated) return [];
  return [
    ...timelinePair(context),
    ...thresholdCardinality(context),
    ...threatMatchSearches(context),
    ...negateMappings(context),
  ];
};

function timelinePair(context: RuleContext): Finding[] {
  const { timeline_id: id, timeline_title: title } = context.rule;
  if (id === undefined && title === undefined) return [];
  const findings: Finding[] = [];
  for (const [key, value, other] of [
    ["timeline_id", id, "timeline_title"],
    ["timeline_title", title, "timeline_id"],
  ] as const) {
    if (value === undefined) {
      findings.push(
        findingAt(
          context,
          "timeline-pair",
          ["rule", other],
          `when "${other}" exists, "${key}" must also exist`,
        ),
      );
    } else if (value === "") {
      findings.push(findingAt(context, "timeline-pair", ["rule", key], `"${key}" cannot be an empty string`));
    }
  }
  return findings;
}

function thresholdCardinality(context: RuleContext): Finding[] {
  const threshold = context.rule.threshold;
  if (context.rule.type !== "threshold" || !isRecord(threshold)) return [];
  const groupBy = new Set(typeof threshold.field === "string" ? [threshold.field] : strings(threshold.field));
  const findings: Finding[] = [];
  records(threshold.cardinality).forEach((cardinality, index) => {
    if (typeof cardinality.field === "string" && groupBy.has(cardinality.field)) {
      findings.push(
        findingAt(
          context,
          "threshold-cardinality-field",
          ["rule", "threshold", "cardinality", index, "field"],
          `cardinality of ${cardinality.field}, a field the threshold groups by, is always 1`,
        ),
      );
    }
  });
  return findings;
}

function threatMatchSearches(context: RuleContext): Finding[] {
  const { concurrent_searches: concurrent, items_per_search: items } = context.rule;
  if ((concurrent === undefined) === (items === undefined)) return [];
  const [present, missing] =
    concurrent === undefined
      ? ["items_per_search", "concurrent_searches"]
      : ["concurrent_searches", "items_per_search"];
  return [
    findingAt(
      context,
      "threat-match-search-pair",
      ["rule", present],
      `when "${present}" exists, "${missing}" must also exist`,
    ),
  ];
}

function negateMappings(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  records(context.rule.threat_mapping).forEach((group, index) => {
    const entries = records(group.entries);
    if (entries.length === 0) return;
    const path = ["rule", "threat_mapping", index];
    if (entries.every((entry) => entry.negate === true)) {
      findings.push(
        findingAt(
          context,
          "threat-mapping-negate",
          path,
          "negate mappings cannot be the only entries of a threat mapping group; add at least one matching entry",
        ),
      );
      return;
    }
    const key = (entry: Record<string, unknown>) => `${String(entry.field)}\u0000${String(entry.value)}`;
    const matching = new Set(entries.filter((entry) => entry.negate !== true).map(key));
    if (entries.some((entry) => entry.negate === true && matching.has(key(entry)))) {
      findings.push(
        findingAt(
          context,
          "threat-mapping-negate",
          path,
          "a threat mapping group both matches and negates the same field and value",
        ),
      );
    }
  });
  return findings;
}
