/**
 * Documents on their way into the cluster: the checks and additions the substitutions need (constant
 * values, fields of missing types) and the bulk request, whose item failures become one clear error.
 */

import { constantMismatch, DocumentRejectedError, documentLabel } from "../../semantics/documents.js";
import type { JsonObject, StoredDocument } from "../types.js";
import type { IndexPlan } from "./mapping.js";

/** Every leaf value of a source with its dotted path (dotted keys and objects alike, arrays flattened). */
export function leafValues(source: unknown, path = ""): { path: string; value: unknown }[] {
  if (source === null || source === undefined) return [];
  if (Array.isArray(source)) return source.flatMap((element) => leafValues(element, path));
  if (typeof source === "object") {
    return Object.entries(source as JsonObject).flatMap(([key, child]) =>
      leafValues(child, path === "" ? key : `${path}.${key}`),
    );
  }
  return [{ path, value: source }];
}

function covers(field: string, path: string): boolean {
  if (field.endsWith(".*")) return path.startsWith(field.slice(0, -1));
  return path === field || path.startsWith(`${field}.`);
}

/**
 * Checks `document` against the plan's emulated fields and returns the source to index plus the
 * constant fields added to it. Fixes a constant that the mapping left open (returned in `fixed`).
 */
export function prepareDocument(
  document: StoredDocument,
  plan: IndexPlan,
): { source: JsonObject; added: string[]; fixed: string[] } {
  const leaves = leafValues(document._source);
  const where = documentLabel(document);
  for (const [field, type] of plan.omitted) {
    const used = leaves.find((leaf) => covers(field, leaf.path));
    if (used) {
      throw new DocumentRejectedError(
        `${where}: field [${used.path}] is mapped as [${type}], a field type this Elasticsearch cluster lacks ` +
          "and that has no equivalent; use a cluster with the type (the official distribution has it)",
        document,
      );
    }
  }
  const added: string[] = [];
  const fixed: string[] = [];
  let source = document._source;
  for (const [field, constant] of plan.constants) {
    const values = leaves.filter((leaf) => leaf.path === field).map((leaf) => String(leaf.value));
    let expected = constant;
    for (const value of values) {
      if (expected === undefined) {
        expected = value;
        plan.constants.set(field, value);
        fixed.push(field);
      } else if (value !== expected) {
        throw constantMismatch(document, field, expected, value);
      }
    }
    if (values.length === 0 && expected !== undefined) {
      source = { ...source, [field]: expected };
      added.push(field);
    }
  }
  return { source, added, fixed };
}

interface BulkItemError {
  type?: string;
  reason?: string;
  caused_by?: BulkItemError;
}

export type BulkItem = Record<string, { _index?: string; _id?: string | null; error?: BulkItemError }>;

/**
 * The failed items of a bulk response, by position, each as a rejection naming the document, index and
 * field. `unprefix` turns cluster index names back into the fixture's.
 */
export function bulkFailures(
  items: BulkItem[],
  unprefix: (text: string) => string,
): { position: number; error: DocumentRejectedError }[] {
  const failures: { position: number; error: DocumentRejectedError }[] = [];
  items.forEach((item, position) => {
    const result = Object.values(item)[0];
    if (!result?.error) return;
    const document = { _index: unprefix(result._index ?? ""), _id: String(result._id) };
    const causes: string[] = [];
    for (let error: BulkItemError | undefined = result.error; error; error = error.caused_by) {
      if (error.reason) causes.push(error.reason.replace(/^\[\d+:\d+\] /, ""));
    }
    const message = `${documentLabel(document)} was rejected: ${result.error.type}: ${causes.join(": ")}`;
    failures.push({ position, error: new DocumentRejectedError(unprefix(message), document) });
  });
  return failures;
}
