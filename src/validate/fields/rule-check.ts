import type { FieldCatalog } from "../../catalog/catalog.js";
import type { RuleCheck } from "../check.js";
import { checkRuleFields } from "./check-fields.js";

/** Field checks as a pipeline stage; a query that does not parse is left to the KQL syntax stage. */
export function fieldCheck(catalog: FieldCatalog): RuleCheck {
  return (context) => {
    const { query, language } = context.rule;
    const isKql = (language === undefined || language === "kuery") && typeof query === "string";
    const ast = isKql && query.trim() !== "" ? context.queries.tree("query", "kuery") : undefined;
    return checkRuleFields(context, ast, catalog);
  };
}
