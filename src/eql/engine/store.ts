/**
 * What EQL reads from an index: which fields exist, their types and each document's values, and which
 * documents a query DSL filter keeps. The embedded engine provides it over its shards (src/engine/memory).
 */
import type { JsonObject } from "../../engine/types.js";
import { resolveIndices } from "../../semantics/index-patterns.js";

/** How EQL sees a field's values: strings (keyword-like), numbers, dates (epoch millis), booleans, ips. */
export type EqlValueKind = "keyword" | "number" | "date" | "boolean" | "ip";

/** A scalar as EQL computes with it; ips are kept as their text. */
export type EqlScalar = string | number | boolean;

export interface EventField {
  /** The name as the query wrote it. */
  name: string;
  /** The mapping type of the field read (for a text field, that of its keyword sub-field). */
  type: string;
  kind: EqlValueKind;
  /** Whether the type is an integer type (arithmetic on integers truncates). */
  integer: boolean;
  values(doc: number): readonly EqlScalar[];
}

/** Why a field cannot be used: unknown, or of a type EQL cannot compare. */
export type FieldProblem = { problem: "unknown" } | { problem: "unsupported"; type: string };

export interface EventIndex {
  name: string;
  size: number;
  id(doc: number): string;
  source(doc: number): JsonObject;
  field(name: string): EventField | FieldProblem;
  /** Documents an Elasticsearch DSL filter keeps, as a 0/1 array (all when no filter). */
  filter(query: JsonObject | undefined, now: number): Uint8Array;
}

/** The index names a request's index expression (comma list, wildcards, `-exclusions`) selects. */
export function resolveIndexNames(names: string[], expression: string): string[] {
  return resolveIndices(names, [expression]);
}
