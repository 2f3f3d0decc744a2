/**
 * KQL tree -> Elasticsearch query DSL, producing exactly what Kibana's `toElasticsearchQuery` (`@kbn/es-query`)
 * returns: same keys, key order and values. One function per node type, in Kibana's decision order.
 *
 * Without `fields` this is the detection engine's configuration (an index pattern with no fields): every field is
 * unknown, so only match / match_phrase / query_string / range / exists / multi_match appear. With `fields` (a data
 * view) keyword fields get term/wildcard, date fields get ranges with a time zone, field-name wildcards expand and
 * nested fields are checked and wrapped.
 */

import { DacError } from "../errors.js";
import {
  isLoneWildcard,
  type KqlFunctionNode,
  type KqlIsNode,
  type KqlLiteralValue,
  type KqlNestedNode,
  type KqlNode,
  type KqlRangeNode,
  type KqlValueNode,
  plainValue,
  WILDCARD_MARKER,
} from "./ast.js";
import {
  type DataViewField,
  dataViewFields,
  isDateField,
  isKeywordField,
  type KqlFieldMap,
  pseudoField,
  selectFields,
} from "./data-view.js";
import { parseKql } from "./parser.js";

export interface KqlQueryConfig {
  /** Applies when a query text is given: Kibana's `query:allowLeadingWildcards` (default true). */
  allowLeadingWildcards?: boolean;
  /** Kibana's `dateFormat:tz`, added as `time_zone` to date ranges; `Browser` means this process's zone. */
  dateFormatTZ?: string;
  /** Adds `case_insensitive` to term and wildcard queries when set (true or false). */
  caseInsensitive?: boolean;
  /** Adds `ignore_unmapped` to nested queries when set (true or false). */
  nestedIgnoreUnmapped?: boolean;
  /** Puts `and` clauses under `must` instead of `filter`. */
  filtersInMustClause?: boolean;
}

export interface KqlTranslateOptions {
  /** The data view: field name -> Elasticsearch type (or type and nested path). Omit for detection-engine mode. */
  fields?: KqlFieldMap;
  config?: KqlQueryConfig;
}

/** A query Kibana parses but refuses to translate (nested-path mismatches). */
export class KqlTranslationError extends DacError {
  constructor(message: string) {
    super("rejected", message);
  }
}

export type QueryDsl = Record<string, unknown>;

interface Context {
  fields: DataViewField[] | undefined;
  config: KqlQueryConfig;
  /** Set inside a nested group; `path` is the full path, kept with the literal's JSON type as Kibana does. */
  nested?: { path: KqlLiteralValue };
}

/** Translates a parsed query (or query text, parsed first) to the DSL Kibana would build for it. */
export function toElasticsearchQuery(query: KqlNode | string, options: KqlTranslateOptions = {}): QueryDsl {
  const config = options.config ?? {};
  const node =
    typeof query === "string"
      ? parseKql(query, { allowLeadingWildcards: config.allowLeadingWildcards })
      : query;
  const context: Context = { fields: options.fields ? dataViewFields(options.fields) : undefined, config };
  if (node.type !== "function") return translate(andOf([]), context);
  return translate(node, context);
}

function translate(node: KqlFunctionNode, context: Context): QueryDsl {
  switch (node.function) {
    case "and": {
      const key = context.config.filtersInMustClause ? "must" : "filter";
      return { bool: { [key]: node.arguments.map((child) => translate(child, context)) } };
    }
    case "or":
      return {
        bool: { should: node.arguments.map((child) => translate(child, context)), minimum_should_match: 1 },
      };
    case "not":
      return { bool: { must_not: translate(node.arguments[0], context) } };
    case "is":
      return translateIs(node, context);
    case "range":
      return translateRange(node, context);
    case "exists":
      return { exists: { field: fullName(node.arguments[0], context).value } };
    case "nested":
      return translateNested(node, context);
  }
}

function translateIs(node: KqlIsNode, context: Context): QueryDsl {
  const [fieldArg, valueArg] = node.arguments;
  const isExists = isLoneWildcard(valueArg);
  if (isExists && isLoneWildcard(fieldArg)) return { match_all: {} };

  const name = checkedFullName(fieldArg, context);
  const value = plainValue(valueArg);
  const isPhrase = valueArg.type === "literal" && valueArg.isQuoted;
  if (name.value === null) {
    if (valueArg.type === "wildcard") return { query_string: { query: queryStringPattern(valueArg) } };
    return { multi_match: { type: isPhrase ? "phrase" : "best_fields", query: value, lenient: true } };
  }

  const { config } = context;
  const queries = resolveFields(name, context).map((field) => {
    const key = String(field.name);
    const wrap = (query: QueryDsl) => wrapNested(query, field, name, context);
    if (isExists) return wrap({ exists: { field: field.name } });
    if (valueArg.type === "wildcard") {
      const pattern = queryStringPattern(valueArg);
      return wrap(
        isKeywordField(field)
          ? { wildcard: { [key]: { value: pattern, ...caseInsensitive(config) } } }
          : { query_string: { fields: [field.name], query: pattern } },
      );
    }
    if (isDateField(field))
      return wrap({ range: { [key]: { gte: value, lte: value, ...timeZone(value, config) } } });
    if (isKeywordField(field)) return wrap({ term: { [key]: { value, ...caseInsensitive(config) } } });
    return wrap({ [isPhrase ? "match_phrase" : "match"]: { [key]: value } });
  });
  return { bool: { should: queries, minimum_should_match: 1 } };
}

function translateRange(node: KqlRangeNode, context: Context): QueryDsl {
  const [fieldArg, operator, valueArg] = node.arguments;
  const name = checkedFullName(fieldArg, context);
  const value = plainValue(valueArg);
  const queries = resolveFields(name, context).map((field) => {
    const key = String(field.name);
    const bounds = isDateField(field)
      ? { [operator]: value, ...timeZone(value, context.config) }
      : { [operator]: value };
    return wrapNested({ range: { [key]: bounds } }, field, name, context);
  });
  return { bool: { should: queries, minimum_should_match: 1 } };
}

function translateNested(node: KqlNestedNode, context: Context): QueryDsl {
  const [pathArg, child] = node.arguments;
  const path = plainValue(pathArg);
  const fullPath = context.nested?.path ? `${context.nested.path}.${path}` : path;
  return {
    nested: {
      path: fullPath,
      query: translate(child, { ...context, nested: { path: fullPath } }),
      score_mode: "none",
      ...ignoreUnmapped(context.config),
    },
  };
}

// ---- Field names -----------------------------------------------------------------------------------------------

/** The field-name node with the enclosing nested path prefixed (`path.` + name; markers kept). */
function fullName<T extends KqlValueNode>(name: T, context: Context): T {
  const path = context.nested?.path;
  return path ? { ...name, value: `${path}.${name.value}` } : name;
}

/**
 * The full name, after Kibana's nested-path checks: they run only with a data view, and not for a wildcard name
 * outside any nested group.
 */
function checkedFullName(name: KqlValueNode, context: Context): KqlValueNode {
  const full = fullName(name, context);
  const { fields } = context;
  const nestedPath = context.nested?.path;
  if (!fields || (full.type === "wildcard" && !nestedPath)) return full;
  const errors = selectFields(full, fields).flatMap((field) => {
    if (nestedPath && !field.nestedPath) {
      return [
        `${field.name} is not a nested field but is in nested group "${nestedPath}" in the KQL expression.`,
      ];
    }
    if (field.nestedPath && !nestedPath) {
      return [`${field.name} is a nested field, but is not in a nested group in the KQL expression.`];
    }
    if (field.nestedPath !== nestedPath) {
      return [
        `Nested field ${field.name} is being queried with the incorrect nested path. The correct path is ${field.nestedPath}.`,
      ];
    }
    return [];
  });
  if (errors.length > 0) throw new KqlTranslationError(errors.join("\n"));
  return full;
}

/** The data-view fields the name selects, or the name itself as an untyped pseudo-field. */
function resolveFields(name: KqlValueNode, context: Context): DataViewField[] {
  const selected = context.fields ? selectFields(name, context.fields) : [];
  return selected.length > 0 ? selected : [pseudoField(name)];
}

/** A wildcard field name that reaches a field inside a nested object gets that field's nested query around it. */
function wrapNested(query: QueryDsl, field: DataViewField, name: KqlValueNode, context: Context): QueryDsl {
  if (name.type !== "wildcard" || !field.nestedPath || context.nested) return query;
  return { nested: { path: field.nestedPath, query, score_mode: "none", ...ignoreUnmapped(context.config) } };
}

// ---- Values and options ----------------------------------------------------------------------------------------

/** The wildcard value in query_string syntax: reserved characters escaped (not spaces), markers as bare `*`. */
function queryStringPattern(node: KqlValueNode): string {
  return String(node.value)
    .split(WILDCARD_MARKER)
    .map((part) => part.replace(/[+\-=&|><!(){}[\]^"~*?:\\/]/g, "\\$&"))
    .join("*");
}

/** Epoch milliseconds (all digits) are absolute, so they get no time zone. */
function timeZone(value: KqlLiteralValue, config: KqlQueryConfig): { time_zone?: string } {
  const isEpoch = typeof value === "string" && /^\d+$/.test(value);
  if (!config.dateFormatTZ || isEpoch) return {};
  const zone =
    config.dateFormatTZ === "Browser"
      ? Intl.DateTimeFormat().resolvedOptions().timeZone
      : config.dateFormatTZ;
  return { time_zone: zone };
}

function caseInsensitive(config: KqlQueryConfig): { case_insensitive?: boolean } {
  return typeof config.caseInsensitive === "boolean" ? { case_insensitive: config.caseInsensitive } : {};
}

function ignoreUnmapped(config: KqlQueryConfig): { ignore_unmapped?: boolean } {
  return typeof config.nestedIgnoreUnmapped === "boolean"
    ? { ignore_unmapped: config.nestedIgnoreUnmapped }
    : {};
}

function andOf(children: KqlFunctionNode[]): KqlFunctionNode {
  return { type: "function", function: "and", arguments: children, start: 0, end: 0 };
}
