import { defineCodes } from "../findings/code.js";

/** The ES|QL language's syntax finding (src/languages.ts names it for queries in esql). */
export const ESQL_SYNTAX_CODES = defineCodes("Kibana would reject it", {
  "esql-syntax": { severity: "error", description: "ESQL query does not parse" },
});

/** What src/validate/stages/esql.ts finds in an ES|QL rule's query, with src/esql/verify.ts. */
export const ESQL_RULE_CODES = defineCodes("ESQL rules", {
  "esql-unknown-column": {
    severity: "error",
    description: "ESQL query references a column no earlier command produces or keeps",
  },
  "esql-unknown-function": {
    severity: "error",
    description: "ESQL query calls a function ESQL does not have",
  },
  "esql-function-arity": {
    severity: "error",
    description: "ESQL function called with the wrong number of arguments",
  },
  "esql-aggregate-outside-stats": {
    severity: "error",
    description: "ESQL aggregate or grouping function outside STATS (or nested in another aggregation)",
  },
  "esql-time-unit": {
    severity: "error",
    description: "ESQL time span with a unit Elasticsearch does not know",
  },
  "esql-argument-type": {
    severity: "error",
    description: "ESQL function called with an argument of a type it does not accept",
  },
  "esql-date-literal": {
    severity: "error",
    description: "ESQL date compared with (or passed) a string literal that is not a date",
  },
  "esql-group-type": {
    severity: "error",
    description: "ESQL STATS ... BY on a type that cannot be grouped",
  },
  "esql-source-command": { severity: "error", description: "ESQL rule query does not start with FROM" },
  "esql-alert-id-missing": {
    severity: "warning",
    description:
      "non-aggregating ESQL rule without _id, _index, _version in its output (alerts not de-duplicated)",
  },
  "esql-suppression-field-missing": {
    severity: "error",
    description: "ESQL rule suppresses alerts by a field that is not an output column",
  },
});
