import type { FieldCatalog } from "../../catalog/catalog.js";
import type { KqlNode } from "../../kql/ast.js";
import { parseKql } from "../../kql/parser.js";
import type { RuleCheck } from "../check.js";
import { checkRuleFields } from "./check-fields.js";

/** Field checks as a pipeline stage; a query that does not parse is left to the KQL syntax stage. */
export function fieldCheck(catalog: FieldCatalog): RuleCheck {
  return (context) => {
    const { query, language } = context.rule;
    let ast: KqlNode | undefined;
    if (
      typeof query === "string" &&
      (language === undefined || language === "kuery") &&
      query.trim() !== ""
    ) {
      try {
        ast = parseKql(query);
      } catch {
        ast = undefined;
      }
    }
    return checkRuleFields(context, ast, catalog);
  };
}
