/**
 * Query DSL evaluation: each query type becomes the set of matching documents of a shard. Scoring is
 * not modelled (rule execution runs in filter context); unsupported query types are refused.
 */
import type { FieldSpec } from "../../../catalog/types.js";
import { analyzeTerms } from "../../../semantics/analyzer.js";
import { fieldFamily } from "../../../semantics/field-types.js";
import { wildcardRegExp } from "../../../semantics/wildcards.js";
import type { JsonObject } from "../../types.js";
import { and, andNot, type DocSet, emptySet, fullSet, or } from "../index/bitset.js";
import { resolveField, type Shard } from "../index/shard.js";
import { type QueryContext, QueryError } from "../request.js";
import {
  dateRangeIsDisjoint,
  existsQuery,
  matchQuery,
  patternQuery,
  type RangeBounds,
  rangeQuery,
  termQuery,
} from "./field-queries.js";
import { parseQueryString, type QsNode } from "./query-string-parser.js";

type Evaluator = (body: unknown, shard: Shard, context: QueryContext) => DocSet;

function asObject(value: unknown, where: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new QueryError(`[${where}] query malformed, expected an object`);
  }
  return value as JsonObject;
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `{field: value}` or `{field: {<valueKey>: value, ...options}}` (the single-field query shape). */
function singleField(
  body: unknown,
  queryName: string,
  valueKey: string,
): { field: string; value: unknown; options: JsonObject } {
  const object = asObject(body, queryName);
  const fields = Object.keys(object).filter((key) => key !== "boost" && key !== "_name");
  if (fields.length !== 1)
    throw new QueryError(
      `[${queryName}] query doesn't support multiple fields, found [${fields.join(", ")}]`,
    );
  const field = fields[0];
  const spec = object[field];
  if (typeof spec === "object" && spec !== null && !Array.isArray(spec)) {
    const options = spec as JsonObject;
    return { field, value: options[valueKey], options };
  }
  return { field, value: spec, options: {} };
}

export function evaluate(query: JsonObject | undefined, shard: Shard, context: QueryContext): DocSet {
  if (query === undefined) return fullSet(shard.docs.length);
  const types = Object.keys(query);
  if (types.length !== 1)
    throw new QueryError(`a query must hold exactly one query type, found [${types.join(", ")}]`);
  const type = types[0];
  const evaluator = EVALUATORS[type];
  if (!evaluator) {
    const hint = type === "script" || type === "script_score" ? " (scripts are not supported)" : "";
    throw new QueryError(`the embedded engine does not support the [${type}] query${hint}`);
  }
  return evaluator(query[type], shard, context);
}

function minimumShouldMatch(spec: unknown, optional: number, hasRequired: boolean): number {
  if (spec === undefined || spec === null) return hasRequired ? 0 : Math.min(optional, 1);
  const text = String(spec).trim();
  const percent = /^(-?\d+)%$/.exec(text);
  let result: number;
  if (percent) {
    const p = Number(percent[1]);
    result = p >= 0 ? Math.floor((optional * p) / 100) : optional - Math.floor((optional * -p) / 100);
  } else if (/^-?\d+$/.test(text)) {
    const k = Number(text);
    result = k >= 0 ? k : optional + k;
  } else {
    throw new QueryError(`the embedded engine does not support minimum_should_match [${text}]`);
  }
  return Math.max(0, result);
}

function boolQuery(body: unknown, shard: Shard, context: QueryContext): DocSet {
  const bool = asObject(body, "bool");
  for (const key of Object.keys(bool)) {
    if (
      ![
        "must",
        "filter",
        "should",
        "must_not",
        "minimum_should_match",
        "boost",
        "_name",
        "adjust_pure_negative",
      ].includes(key)
    ) {
      throw new QueryError(`[bool] query does not support [${key}]`);
    }
  }
  const n = shard.docs.length;
  if (rewritesToNone({ bool }, shard, context)) return emptySet(n);
  const required = [...asList(bool.must), ...asList(bool.filter)];
  const should = asList(bool.should);
  const result = fullSet(n);
  for (const clause of required) and(result, evaluate(asObject(clause, "bool"), shard, context));
  for (const clause of asList(bool.must_not))
    andNot(result, evaluate(asObject(clause, "bool"), shard, context));
  const needed = minimumShouldMatch(bool.minimum_should_match, should.length, required.length > 0);
  if (needed > should.length) return emptySet(n);
  if (needed === 1) {
    // Any one clause (KQL's `or`, and the single clause it wraps every match in): a union, no counting.
    const any = emptySet(n);
    for (const clause of should) or(any, evaluate(asObject(clause, "bool"), shard, context));
    and(result, any);
  } else if (needed > 0) {
    const counts = new Uint16Array(n);
    for (const clause of should) {
      const set = evaluate(asObject(clause, "bool"), shard, context);
      for (let i = 0; i < n; i++) counts[i] += set[i];
    }
    for (let i = 0; i < n; i++) if (counts[i] < needed) result[i] = 0;
  }
  return result;
}

const NONE_WHEN_UNMAPPED = new Set(["term", "terms", "range", "prefix", "wildcard", "regexp", "fuzzy"]);

/**
 * What Elasticsearch's per-index rewrite turns into match_none before it builds any query: term-level
 * queries on a field the index does not map (objects included), exists without a field under the name,
 * date ranges outside every value of the index, and bools that need one of those (or only have such
 * should clauses, or exclude everything). The other clauses of such a bool are never built, so their
 * invalid values raise no error; but the rewrite itself visits every clause of every bool, so a date range
 * whose bound does not parse fails wherever it sits (BoolQueryBuilder.doRewrite). Hits are the same either
 * way.
 */
function rewritesToNone(clause: unknown, shard: Shard, context: QueryContext): boolean {
  if (clause === null || typeof clause !== "object" || Array.isArray(clause)) return false;
  const [type, body] = Object.entries(clause as JsonObject)[0] ?? [];
  if (type === "match_none") return true;
  if (body === null || typeof body !== "object") return false;
  const params = body as JsonObject;
  if (type === "exists") {
    const field = params.field;
    return (
      typeof field === "string" &&
      !field.includes("*") &&
      !resolveField(shard, field) &&
      !shard.mapping.isObject(field)
    );
  }
  if (NONE_WHEN_UNMAPPED.has(type)) {
    const field = Object.keys(params).find((key) => key !== "boost" && key !== "_name");
    if (field === undefined) return false;
    if (!resolveField(shard, field)) return true;
    const range = params[field];
    return (
      type === "range" &&
      typeof range === "object" &&
      range !== null &&
      dateRangeIsDisjoint(shard, field, range as RangeBounds, context)
    );
  }
  if (type !== "bool") return false;
  const required = [...asList(params.must), ...asList(params.filter)];
  const should = asList(params.should);
  const mustNot = asList(params.must_not);
  const rewritten = (clauses: unknown[]) => clauses.map((child) => rewritesToNone(child, shard, context));
  const requiredNone = rewritten(required);
  rewritten(mustNot);
  const shouldNone = rewritten(should);
  if (requiredNone.includes(true)) return true;
  if (mustNot.some((child) => child !== null && typeof child === "object" && "match_all" in child))
    return true;
  return required.length === 0 && mustNot.length === 0 && should.length > 0 && !shouldNone.includes(false);
}

function termEvaluator(body: unknown, shard: Shard, context: QueryContext): DocSet {
  const { field, value, options } = singleField(body, "term", "value");
  if (value === undefined) throw new QueryError("[term] query requires a value");
  return termQuery(shard, field, value, context, options.case_insensitive === true);
}

function termsEvaluator(body: unknown, shard: Shard, context: QueryContext): DocSet {
  const object = asObject(body, "terms");
  const fields = Object.keys(object).filter((key) => key !== "boost" && key !== "_name");
  if (fields.length !== 1) throw new QueryError("[terms] query requires exactly one field");
  const values = object[fields[0]];
  if (!Array.isArray(values))
    throw new QueryError("[terms] query requires an array of values (terms lookup is not supported)");
  const result = emptySet(shard.docs.length);
  for (const value of values) or(result, termQuery(shard, fields[0], value, context));
  return result;
}

function matchEvaluator(phrase: boolean): Evaluator {
  const name = phrase ? "match_phrase" : "match";
  return (body, shard, context) => {
    const { field, value, options } = singleField(body, name, "query");
    checkOptions(options, name, [
      "query",
      "operator",
      "lenient",
      "boost",
      "_name",
      "zero_terms_query",
      "slop",
      "analyzer",
    ]);
    if (options.analyzer !== undefined && options.analyzer !== "standard") {
      throw new QueryError(`[${name}] the embedded engine only supports the standard analyzer`);
    }
    if (options.slop !== undefined && Number(options.slop) !== 0)
      throw new QueryError(`[${name}] slop is not supported`);
    if (options.zero_terms_query === "all")
      throw new QueryError(`[${name}] zero_terms_query "all" is not supported`);
    return matchQuery(shard, field, value, context, {
      phrase,
      operator: String(options.operator ?? "or").toLowerCase() as "or" | "and",
      lenient: options.lenient === true,
    });
  };
}

function checkOptions(options: JsonObject, queryName: string, allowed: string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key))
      throw new QueryError(`[${queryName}] option [${key}] is not supported by the embedded engine`);
  }
}

function rangeEvaluator(body: unknown, shard: Shard, context: QueryContext): DocSet {
  const { field, options } = singleField(body, "range", "gte");
  const bounds: RangeBounds = { ...options } as RangeBounds;
  if ("from" in options || "to" in options) {
    const includeLower = options.include_lower !== false;
    const includeUpper = options.include_upper !== false;
    if (options.from !== undefined && options.from !== null)
      bounds[includeLower ? "gte" : "gt"] = options.from;
    if (options.to !== undefined && options.to !== null) bounds[includeUpper ? "lte" : "lt"] = options.to;
  }
  if (options.relation !== undefined && options.relation !== "intersects") {
    throw new QueryError(
      "[range] relation is only supported on range fields, which the embedded engine does not have",
    );
  }
  return rangeQuery(shard, field, bounds, context);
}

function existsEvaluator(body: unknown, shard: Shard): DocSet {
  const field = asObject(body, "exists").field;
  if (typeof field !== "string") throw new QueryError("[exists] query requires a [field]");
  return existsQuery(shard, field);
}

function wildcardEvaluator(body: unknown, shard: Shard): DocSet {
  const { field, value, options } = singleField(body, "wildcard", "value");
  const pattern = value ?? options.wildcard;
  if (typeof pattern !== "string") throw new QueryError("[wildcard] query requires a string value");
  return patternQuery(shard, field, wildcardRegExp(pattern, options.case_insensitive === true), "wildcard");
}

function prefixEvaluator(body: unknown, shard: Shard): DocSet {
  const { field, value, options } = singleField(body, "prefix", "value");
  if (typeof value !== "string") throw new QueryError("[prefix] query requires a string value");
  const pattern = `${value.replace(/[\\*?]/g, "\\$&")}*`;
  return patternQuery(shard, field, wildcardRegExp(pattern, options.case_insensitive === true), "prefix");
}

function idsEvaluator(body: unknown, shard: Shard): DocSet {
  const values = new Set(asList(asObject(body, "ids").values).map(String));
  const set = emptySet(shard.docs.length);
  shard.docs.forEach((doc, i) => {
    if (values.has(doc._id)) set[i] = 1;
  });
  return set;
}

function nestedEvaluator(body: unknown, shard: Shard, context: QueryContext): DocSet {
  const nested = asObject(body, "nested");
  const path = String(nested.path);
  const spec = shard.mapping.get(path);
  const result = emptySet(shard.docs.length);
  if (!spec) {
    if (nested.ignore_unmapped === true) return result;
    throw new QueryError(`[nested] failed to find nested object under path [${path}]`);
  }
  if (spec.type !== "nested")
    throw new QueryError(`[nested] nested object under path [${path}] is not of nested type`);
  const child = shard.nested.get(path);
  if (!child) return result;
  const matches = evaluate(asObject(nested.query, "nested"), child.shard, context);
  for (let i = 0; i < matches.length; i++) if (matches[i]) result[child.parentOf[i]] = 1;
  return result;
}

function constantScoreEvaluator(body: unknown, shard: Shard, context: QueryContext): DocSet {
  return evaluate(asObject(asObject(body, "constant_score").filter, "constant_score"), shard, context);
}

const SEARCHABLE_KINDS = new Set([
  "keyword",
  "text",
  "number",
  "date",
  "boolean",
  "ip",
  "constant_keyword",
  "flattened",
]);

/** Fields a `*` (index.query.default_field) or a field pattern stands for in this shard. */
function expandFields(shard: Shard, patterns: string[]): { fields: string[]; allFields: boolean } {
  const allFields = patterns.length === 1 && patterns[0] === "*";
  const mapped = [...shard.mapping.fields()].filter(
    (spec: FieldSpec) => !spec.nestedPath && fieldFamily(spec.type) !== "object",
  );
  const fields = new Set<string>();
  for (const entry of patterns) {
    const pattern = entry.replace(/\^[\d.]+$/, "");
    if (!pattern.includes("*")) {
      fields.add(pattern);
      continue;
    }
    const regex = wildcardRegExp(pattern, false);
    for (const spec of mapped) {
      if (allFields && !SEARCHABLE_KINDS.has(fieldFamily(spec.type))) continue;
      if (regex.test(spec.name)) fields.add(spec.name);
    }
  }
  return { fields: [...fields], allFields };
}

function anyField(
  shard: Shard,
  fields: string[],
  lenient: boolean,
  query: (field: string) => DocSet,
): DocSet {
  const result = emptySet(shard.docs.length);
  for (const field of fields) {
    try {
      or(result, query(field));
    } catch (error) {
      if (!(lenient && error instanceof QueryError)) throw error;
    }
  }
  return result;
}

function multiMatchEvaluator(body: unknown, shard: Shard, context: QueryContext): DocSet {
  const options = asObject(body, "multi_match");
  checkOptions(options, "multi_match", [
    "query",
    "fields",
    "type",
    "lenient",
    "operator",
    "boost",
    "_name",
    "zero_terms_query",
  ]);
  const type = String(options.type ?? "best_fields");
  if (!["best_fields", "most_fields", "phrase"].includes(type)) {
    throw new QueryError(`[multi_match] type [${type}] is not supported by the embedded engine`);
  }
  const { fields, allFields } = expandFields(
    shard,
    (asList(options.fields) as string[]).length ? (asList(options.fields) as string[]) : ["*"],
  );
  const lenient = options.lenient === undefined ? allFields : options.lenient === true;
  const operator = String(options.operator ?? "or").toLowerCase() as "or" | "and";
  return anyField(shard, fields, lenient, (field) =>
    matchQuery(shard, field, options.query, context, { phrase: type === "phrase", operator, lenient }),
  );
}

function queryStringEvaluator(body: unknown, shard: Shard, context: QueryContext): DocSet {
  const options = asObject(body, "query_string");
  checkOptions(options, "query_string", [
    "query",
    "fields",
    "default_field",
    "default_operator",
    "analyze_wildcard",
    "allow_leading_wildcard",
    "time_zone",
    "lenient",
    "boost",
    "_name",
  ]);
  if (typeof options.query !== "string") throw new QueryError("[query_string] requires a string [query]");
  const operator = String(options.default_operator ?? "or").toLowerCase() as "or" | "and";
  const fields = asList(options.fields) as string[];
  const defaults = fields.length ? fields : [String(options.default_field ?? "*")];
  const ast = parseQueryString(options.query, operator);
  const evaluator = new QueryStringEvaluation(shard, context, {
    defaults,
    defaultIsField: fields.length === 0,
    operator,
    analyzeWildcard: options.analyze_wildcard === true,
    allowLeadingWildcard: options.allow_leading_wildcard !== false,
    timeZone: typeof options.time_zone === "string" ? options.time_zone : undefined,
    lenient: options.lenient as boolean | undefined,
  });
  return evaluator.node(ast) ?? emptySet(shard.docs.length);
}

interface QueryStringOptions {
  defaults: string[];
  /**
   * Whether the defaults came from `default_field` (Lucene's parser then has a default field) rather than
   * `fields` (it has none): only a clause with a field takes `>=x`, `<x`... as a one-sided range.
   */
  defaultIsField: boolean;
  operator: "or" | "and";
  analyzeWildcard: boolean;
  allowLeadingWildcard: boolean;
  timeZone?: string;
  lenient?: boolean;
}

/** query_string leaves run on each target field (Elasticsearch ORs the fields, dis_max); bools follow Lucene. */
class QueryStringEvaluation {
  constructor(
    private readonly shard: Shard,
    private readonly context: QueryContext,
    private readonly options: QueryStringOptions,
  ) {}

  node(node: QsNode): DocSet | undefined {
    const n = this.shard.docs.length;
    if (node.type === "bool") return this.bool(node.clauses);
    if (node.type === "exists") return existsQuery(this.shard, node.field);
    const { fields, allFields } = expandFields(this.shard, node.field ? [node.field] : this.options.defaults);
    const lenient = this.options.lenient ?? allFields;
    if (node.type === "term" && node.wildcard && node.raw === "*") {
      if (allFields || node.field === "*") return fullSet(n);
      return anyField(this.shard, fields, lenient, (field) => existsQuery(this.shard, field));
    }
    return anyField(this.shard, fields, lenient, (field) => this.leaf(node, field));
  }

  private bool(clauses: { occur: string; node: QsNode }[]): DocSet | undefined {
    const n = this.shard.docs.length;
    const evaluated = clauses
      .map(({ occur, node }) => ({ occur, set: this.node(node) }))
      .filter((c): c is { occur: string; set: DocSet } => c.set !== undefined);
    if (evaluated.length === 0) return undefined;
    const must = evaluated.filter((c) => c.occur === "must");
    const should = evaluated.filter((c) => c.occur === "should");
    const result = fullSet(n);
    for (const c of must) and(result, c.set);
    if (must.length === 0 && should.length > 0) {
      const any = emptySet(n);
      for (const c of should) or(any, c.set);
      and(result, any);
    }
    for (const c of evaluated) if (c.occur === "must_not") andNot(result, c.set);
    return result;
  }

  private leaf(node: Exclude<QsNode, { type: "bool" } | { type: "exists" }>, field: string): DocSet {
    const { shard, context } = this;
    if (node.type === "phrase") return matchQuery(shard, field, node.text, context, { phrase: true });
    if (node.type === "range") {
      return rangeQuery(
        shard,
        field,
        {
          [node.lowerInclusive ? "gte" : "gt"]: node.lower,
          [node.upperInclusive ? "lte" : "lt"]: node.upper,
          time_zone: this.options.timeZone,
        },
        context,
      );
    }
    const comparison = /^(>=|<=|>|<)(.+)$/s.exec(node.text);
    if (comparison && !node.wildcard && (node.field !== undefined || this.options.defaultIsField)) {
      const key = { ">=": "gte", "<=": "lte", ">": "gt", "<": "lt" }[comparison[1]]!;
      return rangeQuery(shard, field, { [key]: comparison[2], time_zone: this.options.timeZone }, context);
    }
    if (!node.wildcard)
      return matchQuery(shard, field, node.text, context, { operator: this.options.operator });
    if (!this.options.allowLeadingWildcard && /^[*?]/.test(node.raw)) {
      throw new QueryError(
        `Cannot parse '${node.raw}': '*' or '?' not allowed as first character in WildcardQuery`,
      );
    }
    return this.wildcard(node.raw, field);
  }

  private wildcard(raw: string, field: string): DocSet {
    const spec = this.shard.mapping.get(field);
    if (!spec || fieldFamily(spec.type) !== "text")
      return patternQuery(this.shard, field, wildcardRegExp(raw, false), "wildcard");
    const prefix = /^((?:\\.|[^*?\\])*)\*$/su.exec(raw);
    if (this.options.analyzeWildcard && prefix) {
      const tokens = analyzeTerms(prefix[1].replace(/\\(.)/gsu, "$1"));
      if (tokens.length > 1) {
        const result = emptySet(this.shard.docs.length);
        for (const token of tokens) {
          or(
            result,
            patternQuery(this.shard, field, wildcardRegExp(`${escapeWildcard(token)}*`, false), "wildcard"),
          );
        }
        return result;
      }
      if (tokens.length === 1)
        return patternQuery(
          this.shard,
          field,
          wildcardRegExp(`${escapeWildcard(tokens[0])}*`, false),
          "wildcard",
        );
    }
    return patternQuery(this.shard, field, wildcardRegExp(raw.toLowerCase(), false), "wildcard");
  }
}

function escapeWildcard(text: string): string {
  return text.replace(/[\\*?]/g, "\\$&");
}

const EVALUATORS: Record<string, Evaluator> = {
  bool: boolQuery,
  match_all: (_body, shard) => fullSet(shard.docs.length),
  match_none: (_body, shard) => emptySet(shard.docs.length),
  term: termEvaluator,
  terms: termsEvaluator,
  match: matchEvaluator(false),
  match_phrase: matchEvaluator(true),
  multi_match: multiMatchEvaluator,
  query_string: queryStringEvaluator,
  range: rangeEvaluator,
  exists: existsEvaluator,
  wildcard: wildcardEvaluator,
  prefix: prefixEvaluator,
  ids: idsEvaluator,
  nested: nestedEvaluator,
  constant_score: constantScoreEvaluator,
};
