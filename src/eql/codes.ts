import { defineCodes } from "../findings/code.js";

/** The EQL language's syntax finding (src/languages.ts names it for queries in eql). */
export const EQL_SYNTAX_CODES = defineCodes("Kibana would reject it", {
  "eql-syntax": {
    severity: "error",
    description: "EQL query Elasticsearch rejects (syntax, unsupported feature, unknown function or arity)",
  },
});
