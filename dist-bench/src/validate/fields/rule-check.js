import { parseKql } from "../../kql/parser.js";
import { checkRuleFields } from "./check-fields.js";
/** Field checks as a pipeline stage; a query that does not parse is left to the KQL syntax stage. */
export function fieldCheck(catalog) {
    return (context) => {
        const { query, language } = context.rule;
        let ast;
        if (typeof query === "string" && (language === undefined || language === "kuery") && query.trim() !== "") {
            try {
                ast = parseKql(query);
            }
            catch {
                ast = undefined;
            }
        }
        return checkRuleFields(context, ast, catalog);
    };
}
