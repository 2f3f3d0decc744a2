/**
 * required_fields as detection-rules computes them for its content hash: the fields the query names (KQL:
 * every field of every clause, nested paths included, sorted), each with its ECS type and `ecs: true` when
 * ECS defines it, else the type in the rule's integration schemas, else "unknown".
 */
import { ecsSchema, type FieldCatalog } from "../catalog/catalog.js";
import { schemasForRule } from "../catalog/rule-schemas.js";
import type { KqlFunctionNode } from "../kql/ast.js";
import { plainValue } from "../kql/ast.js";
import { parseKql } from "../kql/parser.js";
import type { RequiredField, RequiredFieldsOf } from "./content-hash.js";
import { eqlFieldNames } from "./eql-fields.js";

/**
 * Field names a query reads, per language; undefined when dac cannot read that language. ES|QL is an empty
 * list: detection-rules only knows an ES|QL rule's fields after validating it against a live stack, and locks
 * the hash without them otherwise.
 */
export type QueryFieldNames = (query: string, language: string) => string[] | undefined;

export const queryFieldNames: QueryFieldNames = (query, language) => {
  if (language === "esql") return [];
  if (language === "eql") return eqlFieldNames(query);
  if (language !== "kuery") return undefined;
  try {
    return kqlFieldNames(parseKql(query));
  } catch {
    return [];
  }
};

export function requiredFieldsFromCatalog(
  catalog: FieldCatalog,
  fieldNames: QueryFieldNames = queryFieldNames,
): RequiredFieldsOf {
  const ecs = ecsSchema(catalog).fields;
  return (api, metadata) => {
    const names = fieldNames(typeof api.query === "string" ? api.query : "", String(api.language ?? "kuery"));
    if (names === undefined) return undefined;
    const { schemas } = schemasForRule(
      { index: stringList(api.index), integrations: stringList(metadata.integration) },
      catalog,
    );
    const integrationSchemas = schemas.filter((schema) => schema.name !== "ecs");
    return names.map((name): RequiredField => {
      const ecsType = ecs.get(name)?.type;
      if (ecsType !== undefined) return { name, type: ecsType, ecs: true };
      const type = integrationSchemas.map((schema) => schema.fields.get(name)?.type).find(Boolean);
      return { name, type: type ?? "unknown", ecs: false };
    });
  };
}

/** Every field a KQL tree names, nested group paths included as fields of their own, sorted. */
export function kqlFieldNames(ast: KqlFunctionNode): string[] {
  const names = new Set<string>();
  const visit = (node: KqlFunctionNode, prefix: string): void => {
    switch (node.function) {
      case "and":
      case "or":
      case "not":
        for (const child of node.arguments) visit(child, prefix);
        return;
      case "nested": {
        const path = `${prefix}${String(plainValue(node.arguments[0]))}`;
        names.add(path);
        visit(node.arguments[1], `${path}.`);
        return;
      }
      default: {
        const field = node.arguments[0];
        if (field.type === "literal" && field.value === null) return;
        names.add(`${prefix}${String(plainValue(field))}`);
      }
    }
  };
  visit(ast, "");
  return [...names].sort();
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
}
