/** Every field a KQL query names, with where it is written and what it is compared against. */
import {
  isLoneWildcard,
  type KqlFunctionNode,
  type KqlLiteralValue,
  type KqlValueNode,
  plainValue,
  type RangeOperator,
  WILDCARD_MARKER,
} from "./ast.js";

export interface KqlValueReference {
  /** The value as sent to Elasticsearch (wildcard markers as `*`); unquoted true/false/null are JSON values. */
  value: KqlLiteralValue;
  quoted: boolean;
  /** Contains an unescaped `*`. */
  wildcard: boolean;
  start: number;
  end: number;
}

export interface KqlFieldReference {
  /** Full field name: enclosing nested paths joined with dots, then the name as written (`*` for wildcards). */
  field: string;
  /** Span of the field name as written in the query. */
  start: number;
  end: number;
  /** `is` = field:value, `exists` = field:*, `range` = comparison, `nested` = the path of a `{ }` group. */
  kind: "is" | "exists" | "range" | "nested";
  /** The field name contains an unescaped `*`, so it selects every field it matches. */
  wildcardField: boolean;
  /** Set when the clause sits inside a nested group. */
  nestedPath?: string;
  operator?: RangeOperator;
  value?: KqlValueReference;
}

/** Field references in source order. Free text and the match-all `*:*` name no field and are left out. */
export function kqlFieldReferences(node: KqlFunctionNode): KqlFieldReference[] {
  const found: KqlFieldReference[] = [];
  collect(node, undefined, found);
  return found;
}

function collect(node: KqlFunctionNode, nestedPath: string | undefined, found: KqlFieldReference[]): void {
  switch (node.function) {
    case "and":
    case "or":
    case "not":
      for (const child of node.arguments) collect(child, nestedPath, found);
      return;
    case "is": {
      const [field, value] = node.arguments;
      if (field.value === null || (isLoneWildcard(field) && isLoneWildcard(value))) return;
      const kind = isLoneWildcard(value) ? "exists" : "is";
      found.push({
        ...fieldPart(field, nestedPath, kind),
        ...(kind === "is" ? { value: valuePart(value) } : {}),
      });
      return;
    }
    case "range": {
      const [field, operator, value] = node.arguments;
      found.push({ ...fieldPart(field, nestedPath, "range"), operator, value: valuePart(value) });
      return;
    }
    case "exists":
      found.push(fieldPart(node.arguments[0], nestedPath, "exists"));
      return;
    case "nested": {
      const [path, child] = node.arguments;
      const reference = fieldPart(path, nestedPath, "nested");
      found.push(reference);
      collect(child, reference.field, found);
      return;
    }
  }
}

function fieldPart(
  name: KqlValueNode,
  nestedPath: string | undefined,
  kind: KqlFieldReference["kind"],
): KqlFieldReference {
  const written = String(plainValue(name));
  return {
    field: nestedPath ? `${nestedPath}.${written}` : written,
    start: name.start,
    end: name.end,
    kind,
    wildcardField: name.type === "wildcard" && name.value.includes(WILDCARD_MARKER),
    ...(nestedPath ? { nestedPath } : {}),
  };
}

function valuePart(node: KqlValueNode): KqlValueReference {
  return {
    value: plainValue(node),
    quoted: node.type === "literal" && node.isQuoted,
    wildcard: node.type === "wildcard",
    start: node.start,
    end: node.end,
  };
}
