/**
 * The KQL syntax tree, shaped like Kibana's `@kbn/es-query` kuery nodes (function / literal / wildcard) so that
 * Kibana's translation rules apply node for node. Every node also carries its source span: `start` is the offset of
 * its first character and `end` the offset just past its last one (UTF-16 code units, like JavaScript strings).
 */
/** Marker Kibana stores in a wildcard node's value for every unescaped `*`. */
export const WILDCARD_MARKER = "@kuery-wildcard@";
export function isLoneWildcard(node) {
    return node.type === "wildcard" && node.value === WILDCARD_MARKER;
}
export function hasLeadingWildcard(node) {
    return node.type === "wildcard" && !isLoneWildcard(node) && node.value.startsWith(WILDCARD_MARKER);
}
/** The value as Kibana hands it to Elasticsearch: wildcard markers become plain `*`. */
export function plainValue(node) {
    return node.type === "wildcard" ? node.value.split(WILDCARD_MARKER).join("*") : node.value;
}
