import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import formatsModule from "ajv-formats";
import { nearest } from "../text/nearest.js";
import { type RuleCreateProps, type RuleType, ruleCreatePropsByType, ruleTypes } from "./rule-schema.js";

/** One problem with a create body. `path` is in the API body, e.g. ["threat", 0, "tactic", "id"]. */
export interface SchemaIssue {
  path: (string | number)[];
  message: string;
  /** "unknown-key": Kibana would silently drop the key (usually a typo); "schema": Kibana would reject the body. */
  kind: "schema" | "unknown-key";
}

/** Elasticsearch date math as Kibana's datemath parser reads it (now, now-6m, now-1d/d) or an absolute date. */
const DATE_MATH = /^now(?:[+-]\d+(?:ms|[yMwdhHms])|\/(?:ms|[yMwdhHms]))*$/;
export function isDateMath(value: string): boolean {
  return DATE_MATH.test(value) || (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value)));
}

const formatMessages: Record<string, string> = {
  nonempty: "must not be empty or only whitespace",
  "date-math": 'must be date math such as "now-6m" or an ISO date',
};

function createAjv(): Ajv {
  // Ajv's optimisation passes only shorten the generated code, and cost a third of compiling a rule type's
  // schema, which every command that loads rules pays once per type.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, code: { optimize: false } });
  formatsModule.default(ajv);
  ajv.addFormat("nonempty", (value: string) => value.trim().length > 0);
  ajv.addFormat("date-math", isDateMath);
  return ajv;
}

// Compiling a type's schema costs tens of milliseconds, so each is compiled the first time a rule of that
// type is checked: a repository of new_terms rules never pays for the other seven.
let ajv: Ajv | undefined;
const validators = new Map<RuleType, ValidateFunction>();

function validatorFor(type: RuleType): ValidateFunction {
  let validate = validators.get(type);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(ruleCreatePropsByType[type]);
    validators.set(type, validate);
  }
  return validate;
}

/**
 * Checks a create body against the schema of its own `type` (one branch, so errors are about that type only).
 * Validators are compiled on first use and reused.
 */
export function validateRuleCreate(body: unknown): SchemaIssue[] {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [{ path: [], message: "must be an object", kind: "schema" }];
  }
  const type = (body as Record<string, unknown>).type;
  if (type === undefined)
    return [{ path: ["type"], message: `is required (one of ${quoteAll(ruleTypes)})`, kind: "schema" }];
  if (typeof type !== "string" || !(ruleTypes as string[]).includes(type)) {
    return [{ path: ["type"], message: `must be one of ${quoteAll(ruleTypes)}`, kind: "schema" }];
  }
  const validate = validatorFor(type as RuleType);
  if (validate(body)) return [];
  return issuesFromAjv(validate.errors ?? [], type as RuleType);
}

/** Whether a create body is a rule Kibana would accept (unknown keys aside), typing it as the rule model. */
export function isRuleCreateProps(body: unknown): body is RuleCreateProps {
  return validateRuleCreate(body).every((issue) => issue.kind !== "schema");
}

function issuesFromAjv(errors: ErrorObject[], type: RuleType): SchemaIssue[] {
  // Errors inside a failed anyOf are the noise of the branches that did not apply; the anyOf error itself
  // carries the union's description.
  const unionPaths = errors.filter((e) => e.keyword === "anyOf").map((e) => `${e.schemaPath}/`);
  const issues = errors
    .filter((e) => !unionPaths.some((prefix) => e.schemaPath.startsWith(prefix)))
    .map((error) => issueOf(error, type))
    .sort((a, b) => comparePaths(a.path, b.path));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = JSON.stringify([issue.path, issue.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function issueOf(error: ErrorObject, type: RuleType): SchemaIssue {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const owners =
        path.length === 0 ? ruleTypes.filter((other) => key in ruleCreatePropsByType[other].properties) : [];
      if (owners.length > 0) {
        return {
          path: [key],
          message: `"${key}" is not a field of ${type} rules (only of ${owners.join(", ")}); Kibana would silently drop it`,
          kind: "unknown-key",
        };
      }
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const suggestion = closestKey(key, known);
      return {
        path: [...path, key],
        message: `unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ""}; Kibana would silently drop it`,
        kind: "unknown-key",
      };
    }
    case "required":
      return { path: [...path, String(params.missingProperty)], message: "is required", kind: "schema" };
    case "const":
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}`, kind: "schema" };
    case "anyOf": {
      const literals = literalValues(error.schema);
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      const message = literals
        ? `must be one of ${quoteAll(literals)}`
        : `must be ${description ?? "one of the allowed forms"}`;
      return { path, message, kind: "schema" };
    }
    case "format":
      return { path, message: formatMessages[String(params.format)] ?? error.message ?? "", kind: "schema" };
    default:
      return { path, message: error.message ?? "is invalid", kind: "schema" };
  }
}

/** The allowed values when every branch of a union is a literal (an enum written as a union). */
function literalValues(branches: unknown): string[] | undefined {
  if (!Array.isArray(branches)) return undefined;
  const values = branches.map((branch) => (branch as { const?: unknown }).const);
  return values.every((value) => typeof value === "string") ? (values as string[]) : undefined;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function comparePaths(a: (string | number)[], b: (string | number)[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === "number" && typeof b[i] === "number") return (a[i] as number) - (b[i] as number);
    return String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}

const quoteAll = (values: readonly string[]) => values.map((value) => `"${value}"`).join(", ");

/** A known key within edit distance 2 of a misspelt one. */
export function closestKey(key: string, known: string[]): string | undefined {
  return nearest(key.toLowerCase(), known, 2);
}
