import type { FieldCatalog } from "../../catalog/catalog.js";
import { lookupField } from "../../catalog/lookup.js";
import { type RuleSchemas, schemasForRule } from "../../catalog/rule-schemas.js";
import type { FieldSpec } from "../../catalog/types.js";
import type { Finding, FindingSeverity } from "../../findings/finding.js";
import type { KqlNode } from "../../kql/ast.js";
import { ruleFieldRefs } from "../../rule-types/registry.js";
import type { RuleFile } from "../../schema/rule-file.js";
import type { KeyPath, SourcePosition } from "../../schema/source.js";
import { globRegExp } from "../../semantics/index-patterns.js";
import type { ParsedQueries } from "../parsed-queries.js";
import type { FieldCode } from "./codes.js";
import { queryFieldUses } from "./references.js";
import { metadataIntegrations, metadataStackVersion, ruleIndexPatterns } from "./rule-fields.js";
import { valueProblems } from "./values.js";

/** A rule as the field checks need it; `RuleContext` from src/validate/check.ts fits. */
export interface FieldCheckInput {
  file: RuleFile;
  rule: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ruleId?: string;
  /** The rule's queries already parsed, when the caller has them. */
  queries?: ParsedQueries;
}

const QUERY_PATH: KeyPath = ["rule", "query"];

/**
 * Field findings for one rule: fields of its KQL query (`ast`, parsed from rule.query; undefined for
 * non-KQL rules) and its new_terms / threshold fields, checked against the schemas of the rule's data.
 */
export function checkRuleFields(
  input: FieldCheckInput,
  ast: KqlNode | undefined,
  catalog: FieldCatalog,
): Finding[] {
  const resolved = schemasForRule(
    {
      index: ruleIndexPatterns(input.rule, input.queries),
      integrations: metadataIntegrations(input.metadata),
      stackVersion: metadataStackVersion(input.metadata),
    },
    catalog,
  );
  const findings: Finding[] = [];
  const report = (
    where: SourcePosition | (() => SourcePosition),
    code: FieldCode,
    severity: FindingSeverity,
    message: string,
    hint?: string,
  ) => {
    const position = typeof where === "function" ? where() : where;
    findings.push({
      file: input.file.path,
      line: position.line,
      column: position.column,
      ...(input.ruleId === undefined ? {} : { rule_id: input.ruleId }),
      code,
      severity,
      message,
      ...(hint === undefined ? {} : { hint }),
    });
  };
  const reportedUnknown = new Set<string>();
  for (const use of ast ? queryFieldUses(ast) : []) {
    // Positions are computed only for findings: positionInValue is not free.
    const at = () => input.file.positionInValue(QUERY_PATH, use.start);
    // One unknown-field finding per field and rule: long value lists repeat the same field.
    if (reportedUnknown.has(use.field)) continue;
    if (use.fieldIsPattern) {
      if (use.field !== "*" && !patternMatchesAny(use.field, resolved)) {
        reportedUnknown.add(use.field);
        const [severity, why] = unknownSeverity(resolved);
        report(at, "kql-unknown-field", severity, `no known field matches ${use.field}${why}`);
      }
      continue;
    }
    const found = lookupField(use.field, resolved.schemas);
    if (found.kind === "unknown") {
      reportedUnknown.add(use.field);
      const [severity, why] = unknownSeverity(resolved);
      const hint = severity === "error" ? suggestion(use.field, resolved) : undefined;
      report(at, "kql-unknown-field", severity, `unknown field ${use.field}${why}`, hint);
      continue;
    }
    if (found.kind !== "field") continue;
    const spec = found.spec;
    const conflict = typeConflict(spec);
    if (conflict) report(at, "field-type-conflict", "warning", conflict);
    if (spec.indexed === false) {
      report(
        at,
        "kql-unsearchable-field",
        "error",
        `${use.field} is not indexed (index: false); no query on it can match`,
      );
      continue;
    }
    const nestedProblem = nestedMismatch(spec, use.nestedPath);
    if (nestedProblem) report(at, "kql-nested-field", "error", nestedProblem);
    for (const problem of valueProblems(use, spec)) {
      report(
        () => input.file.positionInValue(QUERY_PATH, use.value.start),
        problem.code,
        problem.severity,
        problem.message,
        problem.hint,
      );
    }
  }
  for (const ref of ruleFieldRefs(input.rule)) {
    const at = () => input.file.positionOf(ref.path);
    const { label } = ref;
    const found = lookupField(ref.field, resolved.schemas);
    if (found.kind === "unknown" || found.kind === "object") {
      const [severity, why] = found.kind === "object" ? (["error", ""] as const) : unknownSeverity(resolved);
      const what =
        found.kind === "object"
          ? `${ref.field} is an object, not a field`
          : `unknown ${label} ${ref.field}${why}`;
      report(at, "rule-unknown-aggregation-field", severity, what);
    } else if (found.kind === "field" && typeConflict(found.spec)) {
      report(at, "field-type-conflict", "warning", typeConflict(found.spec) as string);
    } else if (found.kind === "field" && !found.spec.aggregatable) {
      report(
        at,
        "rule-field-not-aggregatable",
        "error",
        `${label} ${ref.field} is ${found.spec.type}, which cannot be aggregated`,
        aggregatableAlternative(found.spec, resolved),
      );
    }
  }
  return findings;
}

export function unknownSeverity(resolved: RuleSchemas): [FindingSeverity, string] {
  if (resolved.complete) return ["error", ` in ${schemaNames(resolved)}`];
  return [
    "warning",
    `; no field schema is loaded for ${resolved.missing.join(", ")} (add one under fields: in dac.config.yaml)`,
  ];
}

function schemaNames(resolved: RuleSchemas): string {
  return resolved.schemas.map((s) => (s.name === "ecs" ? "ECS" : s.name)).join(" + ");
}

function patternMatchesAny(pattern: string, resolved: RuleSchemas): boolean {
  const regex = globRegExp(pattern);
  return resolved.schemas.some((schema) => [...schema.fields.keys()].some((name) => regex.test(name)));
}

/** Kibana refuses to translate a nested field outside its nested group (and the reverse). */
function nestedMismatch(spec: FieldSpec, nestedPath: string | undefined): string | undefined {
  if (spec.nestedPath === nestedPath) return undefined;
  if (spec.nestedPath === undefined)
    return `${spec.name} is not a nested field but is inside the nested group ${nestedPath}`;
  if (nestedPath === undefined) {
    return `${spec.name} is inside nested field ${spec.nestedPath}; query it as ${spec.nestedPath}:{ ${spec.name.slice(spec.nestedPath.length + 1)}: ... }`;
  }
  return `${spec.name} belongs to nested path ${spec.nestedPath}, not ${nestedPath}`;
}

function aggregatableAlternative(spec: FieldSpec, resolved: RuleSchemas): string | undefined {
  if (spec.parent) return `use ${spec.parent}`;
  for (const schema of resolved.schemas) {
    for (const candidate of schema.fields.values()) {
      if (candidate.parent === spec.name && candidate.aggregatable) return `use ${candidate.name}`;
    }
  }
  return undefined;
}

/** A known field with the same last segment or a small edit distance, to point at typos. */
/**
 * The closest known name within a few edits. Candidates share the field's first or last segment (a typo rarely
 * hits both), which keeps this cheap when a rule reads dozens of schemas.
 */
export function suggestion(field: string, resolved: RuleSchemas): string | undefined {
  let best: { name: string; distance: number } | undefined;
  const limit = Math.max(2, Math.floor(field.length / 10));
  const first = field.slice(0, field.indexOf(".") + 1);
  const last = field.slice(field.lastIndexOf("."));
  const seen = new Set<string>();
  for (const schema of resolved.schemas) {
    for (const name of schema.fields.keys()) {
      if (Math.abs(name.length - field.length) > limit || seen.has(name)) continue;
      seen.add(name);
      if (!(first !== "" && name.startsWith(first)) && !name.endsWith(last)) continue;
      const distance = editDistance(field, name, limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
    }
  }
  return best ? `did you mean ${best.name}?` : undefined;
}

function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/** The message for a field whose snapshot indices disagree on its type; undefined when they agree. */
function typeConflict(spec: FieldSpec): string | undefined {
  const types = spec.conflictingTypes;
  if (!types || Object.keys(types).length < 2) return undefined;
  const where = Object.entries(types)
    .map(([type, indices]) => `${type} in ${indices.join(", ")}`)
    .join("; ");
  return `${spec.name} has conflicting types across the indices (${where}); a query or aggregation on it can fail or miss documents in some of them`;
}
