/**
 * The one door from the ES|QL engine to Elasticsearch semantics dac already implements: dates and ip addresses
 * from src/semantics; the standard analyzer and Lucene wildcards, which KQL() and LIKE need, still live in the
 * embedded search engine.
 */
export { analyzeTerms } from "../../engine/memory/analysis/analyzer.js";
export { wildcardRegExp } from "../../engine/memory/query/field-queries.js";
export { formatDate, parseDate, parseTimeZone } from "../../semantics/dates.js";
export { formatIp, parseCidr, parseIp } from "../../semantics/ip.js";
