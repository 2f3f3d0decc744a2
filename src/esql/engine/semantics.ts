/**
 * The one door from the ES|QL engine to Elasticsearch semantics dac already implements (date parsing and printing,
 * ip addresses and CIDR blocks, the standard analyzer, Lucene wildcards). Kept narrow so that moving that code only
 * changes the imports here.
 */
export { analyzeTerms } from "../../engine/memory/analyzer.js";
export { formatDate, parseDate, parseTimeZone } from "../../engine/memory/dates.js";
export { wildcardRegExp } from "../../engine/memory/field-queries.js";
export { formatIp, parseCidr, parseIp } from "../../engine/memory/ip.js";
