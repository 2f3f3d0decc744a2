/**
 * The KQL syntax tree, shaped like Kibana's `@kbn/es-query` kuery nodes (function / literal / wildcard) so that
 * Kibana's translation rules apply node for node. Every node also carries its source span: `start` is the offset of
 * its first character and `end` the offset just past its last one (UTF-16 code units, like JavaScript strings).
 */

/** Marker Kibana stores in a wildcard node's value for every unescaped `*`. */
export const WILDCARD_MARKER = "@kuery-wildcard@";

export interface SourceSpan {
  start: number;
  end: number;
}

export type KqlLiteralValue = string | boolean | null;

export interface KqlLiteralNode extends SourceSpan {
  type: "literal";
  value: KqlLiteralValue;
  isQuoted: boolean;
}

/** Text with at least one unescaped `*`; each such star is stored as {@link WILDCARD_MARKER}. */
export interface KqlWildcardNode extends SourceSpan {
  type: "wildcard";
  value: string;
}

export type KqlValueNode = KqlLiteralNode | KqlWildcardNode;

export type RangeOperator = "gt" | "gte" | "lt" | "lte";

export interface KqlAndNode extends SourceSpan {
  type: "function";
  function: "and";
  arguments: KqlFunctionNode[];
}

export interface KqlOrNode extends SourceSpan {
  type: "function";
  function: "or";
  arguments: KqlFunctionNode[];
}

export interface KqlNotNode extends SourceSpan {
  type: "function";
  function: "not";
  arguments: [KqlFunctionNode];
}

/** `field:value`; free text has a literal `null` field. */
export interface KqlIsNode extends SourceSpan {
  type: "function";
  function: "is";
  arguments: [KqlValueNode, KqlValueNode];
}

export interface KqlRangeNode extends SourceSpan {
  type: "function";
  function: "range";
  arguments: [KqlValueNode, RangeOperator, KqlValueNode];
}

/** Never produced by the parser (it writes `f:*` as `is`); kept because Kibana code can build it. */
export interface KqlExistsNode extends SourceSpan {
  type: "function";
  function: "exists";
  arguments: [KqlLiteralNode];
}

export interface KqlNestedNode extends SourceSpan {
  type: "function";
  function: "nested";
  arguments: [KqlValueNode, KqlFunctionNode];
}

export type KqlFunctionNode =
  | KqlAndNode
  | KqlOrNode
  | KqlNotNode
  | KqlIsNode
  | KqlRangeNode
  | KqlExistsNode
  | KqlNestedNode;

export type KqlNode = KqlFunctionNode | KqlValueNode;

export function isLoneWildcard(node: KqlValueNode): boolean {
  return node.type === "wildcard" && node.value === WILDCARD_MARKER;
}

export function hasLeadingWildcard(node: KqlValueNode): boolean {
  return node.type === "wildcard" && !isLoneWildcard(node) && node.value.startsWith(WILDCARD_MARKER);
}

/** The value as Kibana hands it to Elasticsearch: wildcard markers become plain `*`. */
export function plainValue(node: KqlValueNode): KqlLiteralValue {
  return node.type === "wildcard" ? node.value.split(WILDCARD_MARKER).join("*") : node.value;
}
