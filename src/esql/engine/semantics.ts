/**
 * The one door from the ES|QL engine to Elasticsearch semantics dac already implements (date parsing and printing,
 * ip addresses and CIDR blocks). Kept narrow so that moving that code only changes the imports here.
 */
export { formatDate, parseDate, parseTimeZone } from "../../engine/memory/dates.js";
export { formatIp, parseCidr, parseIp } from "../../engine/memory/ip.js";
