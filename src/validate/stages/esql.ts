import type { FieldCatalog, FieldSchema } from "../../catalog/catalog.js";
import { lookupField } from "../../catalog/lookup.js";
import { schemasForRule } from "../../catalog/rule-schemas.js";
import { type DataType, esqlTypeOf } from "../../esql/data-types.js";
import { verifyEsql } from "../../esql/verify.js";
import type { Finding } from "../../findings/finding.js";
import type { FindingCode } from "../../findings/registry.js";
import type { KeyPath } from "../../schema/source.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import { metadataIntegrations, ruleIndexPatterns } from "../fields/rule-fields.js";

const QUERY: KeyPath = ["rule", "query"];
/** What Kibana hashes into the id of an alert from a non-aggregating query (see KIBANA-FACTS: generateAlertId). */
const DOCUMENT_IDENTITY = ["_id", "_index", "_version"];

/**
 * ES|QL rules whose query parses (the query syntax stage reports the others): every column it references can exist
 * where it is used, values have types their functions, comparisons and groupings accept (source field types from
 * `catalog`, for the schemas of the rule's FROM patterns, when given), and the query fits how Kibana runs ES|QL rules
 * (starts with FROM; a non-aggregating query keeps the document identity Kibana de-duplicates alerts by; suppression
 * fields are output columns).
 */
export const esqlCheck =
  (catalog?: FieldCatalog): RuleCheck =>
  (context) =>
    checkEsqlRule(context, catalog);

function checkEsqlRule(context: RuleContext, catalog: FieldCatalog | undefined): Finding[] {
  if (context.deprecated) return [];
  const { rule } = context;
  if (rule.language !== "esql" && rule.type !== "esql") return [];
  const query = rule.query;
  if (typeof query !== "string" || query.trim() === "") return [];
  // parsed once for the syntax stage and this one; a query that does not parse is the syntax stage's finding
  const parsed = context.queries.tree("query", "esql");
  if (!parsed) return [];
  const verification = verifyEsql(
    parsed,
    query,
    catalog ? { sourceType: sourceTypes(context, catalog) } : {},
  );
  const findings = verification.problems.map((problem) =>
    at(context, problem.code, problem.offset, `query: ${problem.message}`, problem.hint),
  );
  const [source] = parsed.commands;
  if (source.type !== "from") {
    findings.push(
      at(context, "esql-source-command", source.start, "query: an ES|QL rule's query must start with FROM"),
    );
    return findings;
  }
  const aggregating = parsed.commands.some((command) => command.type === "stats");
  const output = verification.output;
  if (!aggregating) {
    const missing = DOCUMENT_IDENTITY.filter((field) => !output.known.includes(field));
    if (missing.length > 0) {
      const inMetadata = source.metadata.map((field) => field.parts.join("."));
      const toAdd = missing.filter((field) => !inMetadata.includes(field));
      const advice =
        toAdd.length > 0
          ? `add METADATA ${DOCUMENT_IDENTITY.join(", ")} to FROM${toAdd.length < missing.length ? " and keep them" : ""}`
          : `keep ${missing.join(", ")} in the output`;
      findings.push(
        at(
          context,
          "esql-alert-id-missing",
          source.start,
          `query: a non-aggregating query without ${missing.join(", ")} in its output cannot de-duplicate alerts across runs`,
          advice,
        ),
      );
    }
  }
  if (!output.open) findings.push(...suppressionFindings(context, output.known));
  return findings;
}

/** A source field's ES|QL type in the rule's schemas; unknown when none defines it or those that do disagree. */
function sourceTypes(context: RuleContext, catalog: FieldCatalog): (name: string) => DataType | undefined {
  const { schemas } = schemasForRule(
    {
      index: ruleIndexPatterns(context.rule, context.queries),
      integrations: metadataIntegrations(context.metadata),
    },
    catalog,
  );
  return (name) => {
    const types = new Set(schemas.flatMap((schema) => fieldType(name, schema) ?? []));
    const [type] = types;
    return types.size === 1 ? type : undefined;
  };
}

function fieldType(name: string, schema: FieldSchema): DataType | undefined {
  const found = lookupField(name, [schema]);
  if (found.kind !== "field") return undefined;
  const type = esqlTypeOf(found.spec.type);
  // "unsupported" also stands for types dac's ES|QL types do not name (alias, geo_shape...): only these are sure
  return type !== "unsupported" || UNREADABLE.has(found.spec.type) ? type : undefined;
}

/** Mapping types ES|QL cannot read at all (it rejects any use of such a field). */
const UNREADABLE = new Set([
  "binary",
  "integer_range",
  "long_range",
  "float_range",
  "double_range",
  "date_range",
  "ip_range",
]);

function suppressionFindings(context: RuleContext, columns: readonly string[]): Finding[] {
  const suppression = context.rule.alert_suppression as { group_by?: unknown } | undefined;
  const groupBy = Array.isArray(suppression?.group_by) ? suppression.group_by : [];
  return groupBy
    .filter((field): field is string => typeof field === "string" && !columns.includes(field))
    .map((field) =>
      findingAt(
        context,
        "esql-suppression-field-missing",
        ["rule", "alert_suppression", "group_by"],
        `alert_suppression.group_by: [${field}] is not a column of the query's output`,
        `the output columns are: ${columns.join(", ")}`,
      ),
    );
}

function at(
  context: RuleContext,
  code: FindingCode,
  offset: number,
  message: string,
  hint?: string,
): Finding {
  const position = context.file.positionInValue(QUERY, offset);
  return { ...findingAt(context, code, QUERY, message, hint), line: position.line, column: position.column };
}
