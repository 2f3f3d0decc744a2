import { defineCodes } from "../findings/code.js";

/** The KQL language's syntax finding (src/languages.ts names it for queries in kuery). */
export const KQL_SYNTAX_CODES = defineCodes("Kibana would reject it", {
  "kql-syntax": { severity: "error", description: "KQL query does not parse" },
});
