import { SERVER_GENERATED_KEYS } from "../schema/convert.js";
import type { ApiRule } from "./kibana-client.js";

/** Fields Kibana owns: generated, recomputed or runtime-only. Never sent, never compared. */
export const SERVER_FIELDS: readonly string[] = [
  ...SERVER_GENERATED_KEYS,
  "alias_purpose",
  "alias_target_id",
  "outcome",
];

export interface FieldChange {
  field: string;
  /** Deployed value; undefined when the field is absent there. */
  before?: unknown;
  /** Planned value; undefined when the field will be absent. */
  after?: unknown;
}

/** Fills the defaults Kibana stores for omitted fields, so "omitted" and "default" compare equal. */
export type ApplyDefaults = (rule: ApiRule) => ApiRule;

/** The fields of a rule that make up its content (what a create request can set). */
export function contentOf(rule: ApiRule, applyDefaults: ApplyDefaults): ApiRule {
  const result: ApiRule = {};
  for (const [key, value] of Object.entries(applyDefaults(rule))) {
    if (SERVER_FIELDS.includes(key) || value === undefined) continue;
    result[key] = value;
  }
  normalizeServerShapes(result);
  return result;
}

/**
 * Shapes Kibana rewrites on the way in: threshold.field and machine_learning_job_id become arrays,
 * required_fields gain a computed `ecs`, actions gain a `uuid`.
 */
function normalizeServerShapes(rule: ApiRule): void {
  const threshold = rule.threshold as { field?: unknown } | undefined;
  if (threshold && typeof threshold === "object" && !Array.isArray(threshold.field)) {
    rule.threshold = { ...threshold, field: threshold.field ? [threshold.field] : [] };
  }
  if (typeof rule.machine_learning_job_id === "string")
    rule.machine_learning_job_id = [rule.machine_learning_job_id];
  if (Array.isArray(rule.required_fields)) {
    rule.required_fields = rule.required_fields.map((field) => withoutKeys(field, ["ecs"]));
  }
  if (Array.isArray(rule.actions)) rule.actions = rule.actions.map((action) => withoutKeys(action, ["uuid"]));
}

function withoutKeys(value: unknown, keys: string[]): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/**
 * Field-level differences from `deployed` to `planned` (both already `contentOf`). Values Kibana fills on
 * its own when the plan leaves them out (an action's `frequency`) do not count.
 */
export function diffContent(deployed: ApiRule, planned: ApiRule): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(planned), ...Object.keys(deployed)])].sort();
  for (const field of keys) {
    const before =
      field === "actions" ? actionsAsPlanned(deployed.actions, planned.actions) : deployed[field];
    const after = planned[field];
    if (!deepEqual(before, after)) changes.push({ field, before, after });
  }
  return changes;
}

function actionsAsPlanned(deployed: unknown, planned: unknown): unknown {
  if (!Array.isArray(deployed) || !Array.isArray(planned) || deployed.length !== planned.length)
    return deployed;
  return deployed.map((action, index) => {
    const wanted = planned[index] as Record<string, unknown> | undefined;
    if (wanted && wanted.frequency === undefined) return withoutKeys(action, ["frequency"]);
    return action;
  });
}

/** Structural equality; object key order does not matter, array order does. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!deepEqual(left[key], right[key])) return false;
  }
  return true;
}
