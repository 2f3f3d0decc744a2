import { isAggregatable } from "../semantics/field-types.js";
import type { FieldSchema } from "./catalog.js";
import type { FieldSpec } from "./types.js";

/** What a dotted field name refers to in a set of schemas. */
export type FieldLookup =
  /** A mapped field (or a key under a flattened field / typed object, described as its own spec). */
  | { kind: "field"; spec: FieldSpec }
  /** A sub-field of an object whose sub-fields are not declared (dynamic content, e.g. ECS dns.answers). */
  | { kind: "open-object"; object: FieldSpec }
  /** An object or group that holds declared fields (e.g. "aws.cloudtrail"). */
  | { kind: "object" }
  | { kind: "unknown" };

/** Looks `name` up in the schemas, earlier schemas first. */
export function lookupField(name: string, schemas: readonly FieldSchema[]): FieldLookup {
  for (const schema of schemas) {
    const spec = schema.fields.get(name);
    if (spec && spec.type !== "object" && spec.type !== "nested") return { kind: "field", spec };
  }
  for (const schema of schemas) {
    const found = lookupBelowAncestor(name, schema);
    if (found) return found;
  }
  for (const schema of schemas) {
    if (schema.fields.has(name) || schema.objects.has(name)) return { kind: "object" };
  }
  return { kind: "unknown" };
}

/** A name below a flattened field, a typed object (object_type) or an open object. */
function lookupBelowAncestor(name: string, schema: FieldSchema): FieldLookup | undefined {
  for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".", dot - 1)) {
    const ancestor = schema.fields.get(name.slice(0, dot));
    if (!ancestor) continue;
    if (ancestor.type === "flattened") {
      // Every leaf of a flattened field is indexed like a keyword under "root.key".
      return {
        kind: "field",
        spec: { name, type: "keyword", parent: ancestor.name, source: ancestor.source, aggregatable: true },
      };
    }
    if (ancestor.type === "object" && ancestor.objectType !== undefined) {
      const type = ancestor.objectType;
      return {
        kind: "field",
        spec: { name, type, source: ancestor.source, aggregatable: isAggregatable(type) },
      };
    }
    if ((ancestor.type === "object" || ancestor.type === "nested") && !schema.objects.has(ancestor.name)) {
      return { kind: "open-object", object: ancestor };
    }
    return undefined;
  }
  return undefined;
}
