/**
 * ES|QL over the embedded engine's indices, as Elasticsearch runs `_query`: the request's DSL `filter` selects each
 * index's documents first, then src/esql/engine runs the pipeline over them with the index's live mapping (dynamic
 * fields included, so a field the engine mapped has the same type in both languages).
 */
import type { FieldSpec } from "../../catalog/types.js";
import { buildIndex, type EsqlIndex } from "../../esql/engine/indices.js";
import { runQuery } from "../../esql/engine/query.js";
import type { EsqlRequest, EsqlResponse, JsonObject } from "../types.js";
import type { Shard } from "./index/shard.js";
import { evaluate } from "./query/query.js";

export function esqlQuery(shards: Iterable<Shard>, request: EsqlRequest, now: number): EsqlResponse {
  const indices = new Map<string, EsqlIndex>();
  for (const shard of shards) indices.set(shard.name, esqlIndex(shard, request.filter, now));
  return runQuery({ query: request.query, params: request.params }, indices, { now });
}

/** The documents of a shard the filter keeps, indexed for ES|QL under the shard's mapping. */
function esqlIndex(shard: Shard, filter: JsonObject | undefined, now: number): EsqlIndex {
  const kept = filter ? evaluate(filter, shard, { now }) : undefined;
  const hits = shard.docs.filter((_, doc) => kept === undefined || kept[doc] === 1);
  return buildIndex(shard.name, hits, { dynamic: false, properties: mappingProperties(shard) });
}

/** The shard's mapped leaf fields as mapping JSON (dotted names, multi-fields under their parent). */
function mappingProperties(shard: Shard): JsonObject {
  const properties: Record<string, JsonObject> = {};
  const specs = [...shard.mapping.fields()].filter((spec) => spec.nestedPath === undefined);
  for (const spec of specs.filter((each) => each.parent === undefined)) {
    properties[spec.name] = definitionOf(spec, shard.constants.get(spec.name));
  }
  for (const spec of specs.filter((each) => each.parent !== undefined)) {
    const parent = properties[spec.parent as string];
    if (!parent) continue;
    const fields = (parent.fields ?? {}) as Record<string, JsonObject>;
    fields[spec.name.slice((spec.parent as string).length + 1)] = definitionOf(spec, undefined);
    parent.fields = fields;
  }
  return properties;
}

function definitionOf(spec: FieldSpec, constant: string | undefined): JsonObject {
  return {
    type: spec.type,
    ...(spec.ignoreAbove !== undefined ? { ignore_above: spec.ignoreAbove } : {}),
    ...(spec.scalingFactor !== undefined ? { scaling_factor: spec.scalingFactor } : {}),
    ...(spec.format !== undefined ? { format: spec.format } : {}),
    ...((constant ?? spec.value) !== undefined ? { value: constant ?? spec.value } : {}),
  };
}
