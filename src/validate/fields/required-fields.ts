import { ecsSchema, type FieldCatalog } from "../../catalog/catalog.js";
import { lookupField } from "../../catalog/lookup.js";
import { schemasForRule } from "../../catalog/rule-schemas.js";
import { esqlSources } from "../../esql/sources.js";
import type { KqlNode } from "../../kql/ast.js";
import { ruleFieldRefs } from "../../rule-types/registry.js";
import { queryFieldUses } from "./references.js";
import { metadataIntegrations, metadataStackVersion, ruleIndexPatterns } from "./rule-fields.js";

/** One entry of the Detection Engine's `required_fields`. */
export interface RequiredField {
  name: string;
  type: string;
  ecs: boolean;
}

/**
 * Every field the query and the new_terms / threshold fields use, sorted by name, with its type in the rule's
 * schemas ("unknown" when none defines it) and whether ECS defines it — as Elastic's detection-rules tooling
 * computes it. Field-name patterns (`process.*:x`) are left out. `queryFields` are the fields of a query in
 * another language (EQL), when `ast` is undefined.
 */
export function requiredFields(
  rule: { rule: Record<string, unknown>; metadata?: Record<string, unknown> },
  ast: KqlNode | undefined,
  catalog: FieldCatalog,
  queryFields: readonly string[] = [],
): RequiredField[] {
  const { schemas } = schemasForRule(
    {
      index: ruleIndexPatterns(rule.rule),
      integrations: metadataIntegrations(rule.metadata),
      stackVersion: metadataStackVersion(rule.metadata),
    },
    catalog,
  );
  const ecs = ecsSchema(catalog).fields;
  const names = new Set<string>(queryFields);
  for (const use of ast ? queryFieldUses(ast) : []) if (!use.fieldIsPattern) names.add(use.field);
  if (rule.rule.language === "esql" && typeof rule.rule.query === "string") {
    for (const field of esqlSources(rule.rule.query)?.fields ?? []) names.add(field);
  }
  for (const ref of ruleFieldRefs(rule.rule)) names.add(ref.field);
  return [...names].sort().map((name) => {
    const found = lookupField(name, schemas);
    const type = found.kind === "field" ? found.spec.type : "unknown";
    return { name, type, ecs: ecs.has(name) };
  });
}
