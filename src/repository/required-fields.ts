/**
 * required_fields as detection-rules computes them for its content hash: the fields the query names (sorted),
 * each with its type in the ECS of detection-rules' release and `ecs: true`, else its type in the first schema
 * that applies, in detection-rules' order: the integration schemas of the datasets the query itself names
 * (`event.dataset`, `data_stream.dataset`), else the Beats schema of the rule's `*beat-*` indices, else the
 * Endgame schema when it reads `endgame-*`; "unknown" when that schema has no such field.
 */
import { catalogSchema, type FieldCatalog } from "../catalog/catalog.js";
import type { EqlExpression, EqlField, EqlStatement } from "../eql/ast.js";
import { parseEql } from "../eql/parser.js";
import { topExpressions, walkExpression } from "../eql/walk.js";
import type { KqlFunctionNode } from "../kql/ast.js";
import { plainValue } from "../kql/ast.js";
import { parseKql } from "../kql/parser.js";
import type { ParsedQueries, ParsedQuery } from "../validate/parsed-queries.js";
import type { RequiredField, RequiredFieldsOf } from "./content-hash.js";
import { type HashFieldTypes, hashFieldTypes, type TypeMap } from "./hash-field-types.js";

/** What detection-rules reads from a query for required_fields. */
export interface QueryReading {
  language: "kuery" | "eql" | "esql";
  /** Every field the query names, sorted. */
  fields: string[];
  /** Values compared for equality with event.dataset / data_stream.dataset. */
  datasets: Set<string>;
  /** Values compared for equality with event.module. */
  modules: Set<string>;
}

/**
 * Reads a query, per language; undefined when dac cannot read that language. ES|QL names no fields:
 * detection-rules only knows an ES|QL rule's fields after validating it against a live stack, and locks the
 * hash without them otherwise. A query that does not parse names none either.
 */
export function readQuery(query: string, language: string, parsed?: ParsedQueries): QueryReading | undefined {
  if (language !== "kuery" && language !== "eql" && language !== "esql") return undefined;
  const empty: QueryReading = { language, fields: [], datasets: new Set(), modules: new Set() };
  if (language === "esql") return empty;
  try {
    return language === "eql"
      ? readEql(sharedTree(parsed, "eql") ?? parseEql(query))
      : readKql(sharedTree(parsed, "kuery") ?? parseKql(query));
  } catch {
    return empty;
  }
}

export interface RequiredFieldSources {
  /** dac's field catalog: the integration schemas detection-rules takes from its integration-schemas file. */
  catalog: FieldCatalog;
  /** Whether detection-rules knows the package (its integration manifests): datasets of others are ignored. */
  knownPackage: (name: string) => boolean;
  types?: HashFieldTypes;
}

export function detectionRulesRequiredFields(sources: RequiredFieldSources): RequiredFieldsOf {
  const loaded = sources.types ?? hashFieldTypes();
  const integrationCache = new Map<string, TypeMap>();
  const beatsCache = new Map<string, TypeMap>();
  // rules repeat the same beats, modules and datasets: build each Beats schema once
  const types: HashFieldTypes = {
    ...loaded,
    beats: (beats, modules, datasets) => {
      const key = [beats, [...modules].sort(), [...datasets].sort()].map((list) => list.join(",")).join("|");
      let schema = beatsCache.get(key);
      if (!schema) {
        schema = loaded.beats(beats, modules, datasets);
        beatsCache.set(key, schema);
      }
      return schema;
    },
  };
  return (api, _metadata, parsed) => {
    const reading = readQuery(
      typeof api.query === "string" ? api.query : "",
      String(api.language ?? "kuery"),
      parsed,
    );
    if (reading === undefined) return undefined;
    if (reading.language === "esql") return { fields: [], uncertain: ESQL_UNCERTAIN };
    if (reading.fields.length === 0) return { fields: [] };
    if (reading.fields.every((name) => types.ecs.has(name))) {
      return {
        fields: reading.fields.map((name) => ({ name, type: types.ecs.get(name) as string, ecs: true })),
      };
    }
    const index = Array.isArray(api.index) ? api.index.filter((i): i is string => typeof i === "string") : [];
    const key = [...reading.datasets].sort().join("\0");
    let integrations = integrationCache.get(key);
    if (!integrations) {
      integrations = integrationTypes(sources, reading.datasets);
      integrationCache.set(key, integrations);
    }
    const schema = fallbackSchema(types, integrations, index, reading);
    const fields = reading.fields.map((name): RequiredField => {
      const ecsType = types.ecs.get(name);
      if (ecsType !== undefined) return { name, type: ecsType, ecs: true };
      return { name, type: schema?.get(name) ?? "unknown", ecs: false };
    });
    const fromIntegrations = schema === integrations ? fields.filter((field) => !field.ecs) : [];
    if (fromIntegrations.length === 0) return { fields };
    const names = fromIntegrations.map((field) => field.name).join(", ");
    return {
      fields,
      uncertain: `the types of ${names} come from dac's integration schemas, which may be other package versions than the ones detection-rules hashed with`,
    };
  };
}

const ESQL_UNCERTAIN =
  "detection-rules adds an ES|QL query's fields to required_fields after validating it against a live stack; dac hashes without them";

/** The one schema detection-rules consults for non-ECS fields: integrations, else Beats, else Endgame. */
function fallbackSchema(
  types: HashFieldTypes,
  integrations: TypeMap,
  index: readonly string[],
  reading: QueryReading,
): TypeMap | undefined {
  if (integrations.size > 0) return integrations;
  const beats = beatsOfIndex(index);
  const beatSchema = beats.length > 0 ? types.beats(beats, reading.modules, reading.datasets) : undefined;
  if (beatSchema && beatSchema.size > 0) return beatSchema;
  return index.includes("endgame-*") ? types.endgame : undefined;
}

/** detection-rules' parse_beats_from_index: `winlogbeat-*` (also `cluster:winlogbeat-*`) → winlogbeat. */
function beatsOfIndex(index: readonly string[]): string[] {
  return index
    .filter((pattern) => pattern.includes("beat-*"))
    .map((pattern) => (pattern.replace("::", ":").split(":").slice(1).join(":") || pattern).split("-")[0]);
}

/**
 * The integration fields of the query's datasets, by type family: `aws.cloudtrail` → the cloudtrail data
 * stream of aws, `endpoint.events.process` → endpoint's process, a bare package name → all its data streams.
 */
function integrationTypes(sources: RequiredFieldSources, datasets: ReadonlySet<string>): TypeMap {
  const types = new Map<string, string>();
  for (const dataset of [...datasets].sort()) {
    const value = dataset.replace(/^"+|"+$/g, "");
    const dot = value.indexOf(".");
    const pkg = dot < 0 ? value : value.slice(0, dot);
    if (!sources.knownPackage(pkg)) continue;
    let integration = dot < 0 ? undefined : value.slice(dot + 1);
    if (pkg === "endpoint" && integration?.includes("events")) integration = integration.split(".")[1];
    const names =
      integration === undefined
        ? [...sources.catalog.sources.values()].filter((s) => s.package === pkg).map((s) => s.name)
        : [`${pkg}.${integration}`];
    for (const name of names) {
      for (const [field, spec] of catalogSchema(sources.catalog, name)?.fields ?? []) {
        types.set(field, typeFamily(spec.type));
      }
    }
  }
  return types;
}

/** Elasticsearch's type families, as detection-rules' KQL library names them. */
const TYPE_FAMILIES: Record<string, string> = {
  long_range: "range",
  double_range: "range",
  date_range: "range",
  ip_range: "range",
  "annotated-text": "text",
  completion: "text",
  match_only_text: "text",
  "search-as_you_type": "text",
  constant_keyword: "keyword",
  wildcard: "keyword",
  date_nanos: "date",
  token_count: "integer",
  long: "integer",
  short: "integer",
  byte: "integer",
  unsigned_long: "integer",
  double: "float",
  half_float: "float",
  scaled_float: "float",
};

function typeFamily(type: string): string {
  return TYPE_FAMILIES[type] ?? type;
}

const DATASET_FIELDS = new Set(["event.dataset", "data_stream.dataset"]);

/**
 * The `query` tree validation parsed, when it parsed; otherwise the caller parses the text itself (validation's
 * EQL parse also verifies, and a query it rejects may still name fields).
 */
function sharedTree<L extends "kuery" | "eql">(
  parsed: ParsedQueries | undefined,
  language: L,
): ParsedQuery<L> | undefined {
  try {
    return parsed?.parse("query", language);
  } catch {
    return undefined;
  }
}

function readKql(ast: KqlFunctionNode): QueryReading {
  const reading: QueryReading = {
    language: "kuery",
    fields: kqlFieldNames(ast),
    datasets: new Set(),
    modules: new Set(),
  };
  const visit = (node: KqlFunctionNode): void => {
    if (node.function === "is") {
      const [field, value] = node.arguments;
      if (field.type !== "literal" || value.type !== "literal" || typeof value.value !== "string") return;
      if (field.value === "event.module") reading.modules.add(value.value);
      else if (DATASET_FIELDS.has(String(field.value))) reading.datasets.add(value.value);
    } else if (node.function === "and" || node.function === "or" || node.function === "not") {
      for (const child of node.arguments) visit(child);
    }
  };
  visit(ast);
  return reading;
}

function readEql(statement: EqlStatement): QueryReading {
  const fields = new Set<string>();
  const reading: QueryReading = { language: "eql", fields: [], datasets: new Set(), modules: new Set() };
  const record = (subject: EqlExpression, values: readonly EqlExpression[]) => {
    if (subject.type !== "field") return;
    const target =
      subject.name === "event.module"
        ? reading.modules
        : DATASET_FIELDS.has(subject.name)
          ? reading.datasets
          : undefined;
    for (const value of values) {
      if (target && value.type === "literal" && value.kind === "string") target.add(value.value);
    }
  };
  for (const expression of topExpressions(statement)) {
    walkExpression(expression, (node) => {
      if (node.type === "field") fields.add(pythonFieldName(node));
      else if (node.type === "comparison" && node.operator === "==" && node.right.type === "literal") {
        record(node.left, [node.right]);
      } else if (node.type === "in") {
        record(node.subject, node.values);
      }
    });
  }
  reading.fields = [...fields].sort();
  return reading;
}

/** The keywords of detection-rules' EQL library: a field part spelled like one is written in backquotes. */
const EQL_KEYWORDS = new Set(
  "and by const false in join macro not null of or sample sequence true until with where".split(" "),
);

/**
 * A field's name as detection-rules' EQL library prints it, which is the name it puts in required_fields:
 * parts that are keywords or not plain identifiers (`kubernetes.io/pod-name`) stay in backquotes.
 */
function pythonFieldName(field: EqlField): string {
  return field.parts
    .map(({ name }) =>
      EQL_KEYWORDS.has(name) || !/^[_A-Za-z][_A-Za-z0-9]*$/.test(name) ? `\`${name}\`` : name,
    )
    .join(".");
}

/** Every field a KQL tree names, nested group paths included as fields of their own, sorted. */
export function kqlFieldNames(ast: KqlFunctionNode): string[] {
  const names = new Set<string>();
  const visit = (node: KqlFunctionNode, prefix: string): void => {
    switch (node.function) {
      case "and":
      case "or":
      case "not":
        for (const child of node.arguments) visit(child, prefix);
        return;
      case "nested": {
        const path = `${prefix}${String(plainValue(node.arguments[0]))}`;
        names.add(path);
        visit(node.arguments[1], `${path}.`);
        return;
      }
      default: {
        const field = node.arguments[0];
        if (field.type === "literal" && field.value === null) return;
        names.add(`${prefix}${String(plainValue(field))}`);
      }
    }
  };
  visit(ast, "");
  return [...names].sort();
}
