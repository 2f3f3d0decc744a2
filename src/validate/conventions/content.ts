import type { Finding } from "../../findings/finding.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import { strings } from "../values.js";
import { newTermsFields } from "./schedule.js";

/** Kibana's risk score bands (informational in Kibana, a convention in Elastic's rules). */
const SEVERITY_BANDS: Record<string, [number, number]> = {
  low: [0, 21],
  medium: [22, 47],
  high: [48, 73],
  critical: [74, 100],
};

/** Types that search with a query of their own; machine_learning uses a job, saved_query a saved search. */
const QUERY_TYPES = new Set(["query", "eql", "esql", "threshold", "threat_match", "new_terms"]);
/** Types that read index patterns or a data view (ES|QL names its sources in the query). */
const INDEX_TYPES = new Set(["query", "saved_query", "eql", "threshold", "threat_match", "new_terms"]);

/** Content a reviewer of Elastic rules checks by eye: severity band, query, data source, references, name. */
export const contentCheck: RuleCheck = (context) => {
  if (context.deprecated) return [];
  return [
    ...severityBand(context),
    ...queryPresent(context),
    ...indexPresent(context),
    ...referenceUrls(context),
    ...nameWhitespace(context),
    ...newTermsDuplicates(context),
  ];
};

function severityBand(context: RuleContext): Finding[] {
  const { severity, risk_score: risk } = context.rule;
  const band = typeof severity === "string" ? SEVERITY_BANDS[severity] : undefined;
  if (!band || typeof risk !== "number" || (risk >= band[0] && risk <= band[1])) return [];
  const expected = Object.entries(SEVERITY_BANDS).find(([, [low, high]]) => risk >= low && risk <= high)?.[0];
  return [
    findingAt(
      context,
      "severity-risk-band",
      ["rule", "severity"],
      `severity "${severity}" but risk_score ${risk} is in the ${expected ?? "no"} band (${severity}: ${band[0]}-${band[1]})`,
      expected ? `set severity = "${expected}" or a risk_score in ${band[0]}-${band[1]}` : undefined,
    ),
  ];
}

function queryPresent(context: RuleContext): Finding[] {
  const { type, query } = context.rule;
  if (typeof type !== "string" || !QUERY_TYPES.has(type)) return [];
  if (typeof query === "string" && query.trim() !== "") return [];
  return [
    findingAt(
      context,
      "query-empty",
      ["rule", query === undefined ? "type" : "query"],
      `${type} rule without a query${type === "query" ? ": Kibana would match every event" : ""}`,
    ),
  ];
}

function indexPresent(context: RuleContext): Finding[] {
  const { type, index, data_view_id: dataView } = context.rule;
  if (typeof type !== "string" || !INDEX_TYPES.has(type)) return [];
  if (strings(index).length > 0 || (typeof dataView === "string" && dataView !== "")) return [];
  return [
    findingAt(
      context,
      "index-missing",
      ["rule", "type"],
      "rule names neither index nor data_view_id: it would search whatever the space's default index setting is",
      'add index = ["logs-*"] (or the patterns the rule is written for)',
    ),
  ];
}

function referenceUrls(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const references = context.rule.references;
  if (!Array.isArray(references)) return findings;
  references.forEach((reference, index) => {
    if (typeof reference === "string" && isHttpUrl(reference)) return;
    findings.push(
      findingAt(
        context,
        "reference-not-url",
        ["rule", "references", index],
        `reference ${JSON.stringify(reference)} is not an http(s) URL`,
      ),
    );
  });
  return findings;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (
      (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && text.trim() === text
    );
  } catch {
    return false;
  }
}

function nameWhitespace(context: RuleContext): Finding[] {
  const name = context.rule.name;
  if (typeof name !== "string" || name === name.trim()) return [];
  return [
    findingAt(
      context,
      "name-whitespace",
      ["rule", "name"],
      `name ${JSON.stringify(name)} has leading or trailing whitespace`,
    ),
  ];
}

function newTermsDuplicates(context: RuleContext): Finding[] {
  if (context.rule.type !== "new_terms") return [];
  const { fields, path } = newTermsFields(context.rule);
  const duplicates = fields.filter((field, index) => fields.indexOf(field) !== index);
  return duplicates.map((field) =>
    findingAt(
      context,
      "new-terms-fields-duplicate",
      path,
      `new_terms field "${field}" is listed more than once`,
    ),
  );
}
