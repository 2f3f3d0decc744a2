/**
 * Field findings for EQL rules, against the schemas of the rule's data: unknown fields (with a "did you
 * mean"), values and operators a field's type cannot serve, functions given fields of the wrong type, event
 * categories ECS does not define, sequence/sample join keys whose types differ between terms, and the rule's
 * timestamp/tiebreaker/category fields. A query that does not parse is left to the eql-syntax stage.
 */
import { EcsFlat } from "@elastic/ecs";
import type { FieldCatalog } from "../../catalog/catalog.js";
import { type FieldLookup, lookupField } from "../../catalog/lookup.js";
import { type RuleDataSources, type RuleSchemas, schemasForRule } from "../../catalog/rule-schemas.js";
import type { FieldSpec } from "../../catalog/types.js";
import type { EqlExpression, EqlField, EqlLiteral, EqlStatement } from "../../eql/ast.js";
import { argumentKind, eqlFunction } from "../../eql/functions.js";
import { eventQueries, topExpressions, walkExpression } from "../../eql/walk.js";
import type { Finding, FindingSeverity } from "../../findings/finding.js";
import { defaultSeverity } from "../../findings/registry.js";
import { ruleTypeModule } from "../../rule-types/registry.js";
import type { KeyPath } from "../../schema/source.js";
import { fieldFamily, isNumericType, isTextFamily } from "../../semantics/field-types.js";
import { parseIp } from "../../semantics/ip.js";
import type { RuleCheck, RuleContext } from "../check.js";
import { suggestion, unknownSeverity } from "./check-fields.js";
import type { EqlFieldCode } from "./codes.js";
import { metadataIntegrations, ruleIndexPatterns } from "./rule-fields.js";

const QUERY_PATH: KeyPath = ["rule", "query"];

const RULE_FIELD_PARAMETERS = ["timestamp_field", "tiebreaker_field", "event_category_override"] as const;

/** The event.category values ECS allows. */
const ECS_CATEGORIES: ReadonlySet<string> = new Set(
  (
    (EcsFlat as unknown as Record<string, { allowed_values?: { name: string }[] }>)["event.category"]
      ?.allowed_values ?? []
  ).map((value) => value.name),
);

export function eqlFieldCheck(catalog: FieldCatalog): RuleCheck {
  // Rules share index patterns and integrations: each combination's schemas and lookups are worked out once.
  const views = new Map<string, SchemaView>();
  const viewFor = (sources: RuleDataSources): SchemaView => {
    const key = JSON.stringify([sources.index, sources.integrations]);
    let view = views.get(key);
    if (!view) {
      view = schemaView(schemasForRule(sources, catalog));
      views.set(key, view);
    }
    return view;
  };
  return (context) => {
    const { rule } = context;
    const isEql = ruleTypeModule(rule.type)
      ?.queries(rule)
      .some((query) => query.key === "query" && query.language === "eql");
    if (context.deprecated || !isEql) return [];
    const statement = context.queries.tree("query", "eql");
    if (!statement) return [];
    const view = viewFor({
      index: ruleIndexPatterns(rule, context.queries),
      integrations: metadataIntegrations(context.metadata),
    });
    return new EqlFieldChecker(context, view).check(statement);
  };
}

/** The schemas of one rule's data, with what the checks ask of them remembered. */
interface SchemaView {
  resolved: RuleSchemas;
  lookup(name: string): FieldLookup;
  /** "did you mean" for an unknown field. */
  suggestion(name: string): string | undefined;
  /** The keyword-like multi-field of a text field, when it has one. */
  keywordSubField(spec: FieldSpec): string | undefined;
}

function schemaView(resolved: RuleSchemas): SchemaView {
  const remembered = <T>(compute: (name: string) => T) => {
    const known = new Map<string, T>();
    return (name: string): T => {
      if (!known.has(name)) known.set(name, compute(name));
      return known.get(name) as T;
    };
  };
  const subFields = remembered((name) => {
    for (const schema of resolved.schemas) {
      for (const candidate of schema.fields.values()) {
        if (candidate.parent === name && isStringType(candidate.type)) return candidate.name;
      }
    }
    return undefined;
  });
  return {
    resolved,
    lookup: remembered((name) => lookupField(name, resolved.schemas)),
    suggestion: remembered((name) => suggestion(name, resolved)),
    keywordSubField: (spec) => subFields(spec.name),
  };
}

class EqlFieldChecker {
  private readonly findings: Finding[] = [];
  private readonly reported = new Set<string>();

  private readonly resolved: RuleSchemas;

  constructor(
    private readonly context: RuleContext,
    private readonly schemas: SchemaView,
  ) {
    this.resolved = schemas.resolved;
  }

  check(statement: EqlStatement): Finding[] {
    for (const expression of topExpressions(statement)) {
      walkExpression(expression, (node) => this.checkNode(node));
    }
    this.checkCategories(statement);
    this.checkJoinKeys(statement);
    this.checkRuleParameters();
    return this.findings;
  }

  /**
   * Adds a finding at an offset in the query or at a rule key, with the code's default severity unless the
   * finding is less certain (an unknown field when a schema of the rule's data is not loaded is a warning).
   */
  private report(
    code: EqlFieldCode,
    at: number | KeyPath,
    message: string,
    severity?: FindingSeverity,
    hint?: string,
  ) {
    const { file, ruleId } = this.context;
    const position = typeof at === "number" ? file.positionInValue(QUERY_PATH, at) : file.positionOf(at);
    this.findings.push({
      file: file.path,
      line: position.line,
      column: position.column,
      ...(ruleId === undefined ? {} : { rule_id: ruleId }),
      code,
      severity: severity ?? defaultSeverity(code),
      message,
      ...(hint === undefined ? {} : { hint }),
    });
  }

  /** The spec of a field the schemas know, reporting unknown fields and objects once each. */
  private spec(field: EqlField): FieldSpec | undefined {
    const found = this.schemas.lookup(field.name);
    if (found.kind === "field") return found.spec;
    if (field.optional || found.kind === "open-object" || this.reported.has(field.name)) return undefined;
    this.reported.add(field.name);
    if (found.kind === "object") {
      this.report("eql-unknown-field", field.start, `${field.name} is an object, not a field`, "error");
      return undefined;
    }
    const [severity, why] = unknownSeverity(this.resolved);
    const hint = severity === "error" ? this.schemas.suggestion(field.name) : undefined;
    this.report("eql-unknown-field", field.start, `unknown field ${field.name}${why}`, severity, hint);
    return undefined;
  }

  private checkNode(node: EqlExpression): void {
    switch (node.type) {
      case "field": {
        const spec = this.spec(node);
        // Elasticsearch reads a text field through its keyword-like sub-field; without one it cannot.
        if (spec && isTextFamily(spec.type) && !this.schemas.keywordSubField(spec)) {
          this.report(
            "eql-text-field",
            node.start,
            `${node.name} is ${spec.type} without a keyword sub-field: EQL compares exact values and cannot use it`,
            undefined,
            spec.parent ? `use ${spec.parent}` : undefined,
          );
        }
        return;
      }
      case "comparison":
        this.checkValue(node.left, [node.right]);
        this.checkValue(node.right, [node.left]);
        return;
      case "in":
        this.checkValue(node.subject, node.values);
        return;
      case "match": {
        const spec = this.fieldSpec(node.subject);
        if (spec && !isStringType(spec.type) && !isTextFamily(spec.type)) {
          this.report(
            "eql-value-type",
            node.start,
            `[${node.operator}] matches strings, but ${spec.name} is ${spec.type}`,
          );
        }
        return;
      }
      case "function":
        this.checkFunction(node);
        return;
      default:
        return;
    }
  }

  private fieldSpec(expression: EqlExpression): FieldSpec | undefined {
    if (expression.type !== "field") return undefined;
    const found = this.schemas.lookup(expression.name);
    return found.kind === "field" ? found.spec : undefined;
  }

  /** A literal compared with a field must be a value of the field's type. */
  private checkValue(subject: EqlExpression, values: EqlExpression[]): void {
    const spec = this.fieldSpec(subject);
    if (!spec) return;
    for (const value of values) {
      if (value.type !== "literal" || value.kind === "null") continue;
      const problem = valueProblem(spec, value);
      if (problem) this.report("eql-value-type", value.start, problem);
    }
  }

  private checkFunction(node: Extract<EqlExpression, { type: "function" }>): void {
    const spec = eqlFunction(node.name);
    if (!spec) return;
    node.args.forEach((arg, position) => {
      const field = this.fieldSpec(arg);
      if (!field) return;
      const kind = argumentKind(spec, position);
      if (kind === "ip" && field.type !== "ip") {
        this.report(
          "eql-cidr-field",
          arg.start,
          `${spec.name} needs an ip field, but ${field.name} is ${field.type}`,
        );
      } else if (kind === "string" && !isStringType(field.type) && !isTextFamily(field.type)) {
        this.report(
          "eql-function-argument-type",
          arg.start,
          `argument ${position + 1} of ${spec.name} must be a string, but ${field.name} is ${field.type}`,
        );
      } else if (kind === "number" && !isNumericType(field.type)) {
        this.report(
          "eql-function-argument-type",
          arg.start,
          `argument ${position + 1} of ${spec.name} must be a number, but ${field.name} is ${field.type}`,
        );
      }
    });
  }

  private checkCategories(statement: EqlStatement): void {
    if (this.context.rule.event_category_override !== undefined) return;
    for (const query of eventQueries(statement)) {
      const category = query.category;
      if (!category || ECS_CATEGORIES.has(category.name)) continue;
      this.report(
        "eql-event-category",
        category.start,
        `event category ${category.name} is not an ECS event.category value`,
        undefined,
        `one of ${[...ECS_CATEGORIES].join(", ")}`,
      );
    }
  }

  private checkJoinKeys(statement: EqlStatement): void {
    const query = statement.query;
    if (query.type === "event") return;
    const terms = query.type === "sequence" && query.until ? [...query.terms, query.until] : query.terms;
    const width = query.by.length + Math.max(0, ...terms.map((term) => term.by.length));
    for (let position = query.by.length; position < width; position++) {
      const typed = terms.flatMap((term) => {
        const key = term.by[position - query.by.length];
        const spec = key ? this.fieldSpec(key) : undefined;
        return key && spec ? [{ key, family: typeFamily(spec.type), type: spec.type }] : [];
      });
      const first = typed[0];
      const different = typed.find((entry) => entry.family !== first?.family);
      if (first && different) {
        this.report(
          "eql-join-key-type",
          different.key.start,
          `join key ${position + 1} is ${first.type} in one term and ${different.type} in another: values never match`,
        );
      }
    }
  }

  private checkRuleParameters(): void {
    for (const parameter of RULE_FIELD_PARAMETERS) {
      const name = this.context.rule[parameter];
      if (typeof name !== "string" || name === "") continue;
      const path: KeyPath = ["rule", parameter];
      const found = this.schemas.lookup(name);
      if (found.kind !== "field") {
        const [severity, why] =
          found.kind === "object" ? (["error", ""] as const) : unknownSeverity(this.resolved);
        this.report("eql-rule-field", path, `${parameter} ${name} is not a known field${why}`, severity);
      } else if (!found.spec.aggregatable) {
        this.report(
          "eql-rule-field",
          path,
          `${parameter} ${name} is ${found.spec.type}, which cannot be sorted or compared exactly`,
          "error",
        );
      }
    }
  }
}

function isStringType(type: string): boolean {
  const family = fieldFamily(type);
  return family === "keyword" || family === "constant_keyword";
}

/** Which values can equal each other across join keys. */
function typeFamily(type: string): string {
  if (isStringType(type)) return "string";
  if (isNumericType(type)) return "number";
  return type;
}

function valueProblem(spec: FieldSpec, literal: EqlLiteral): string | undefined {
  const value = literal.value;
  if (isNumericType(spec.type) && typeof value === "string" && Number.isNaN(Number(value.trim() || "x"))) {
    return `${spec.name} is ${spec.type}: "${value}" is not a number`;
  }
  if (spec.type === "ip" && typeof value === "string" && parseIp(value) === undefined) {
    return `${spec.name} is ip: "${value}" is not an IP address (use cidrMatch for ranges)`;
  }
  if (spec.type === "boolean" && typeof value !== "boolean") {
    return `${spec.name} is boolean: compare it with true or false`;
  }
  return undefined;
}
