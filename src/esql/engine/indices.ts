/**
 * Documents indexed for ES|QL: each index becomes a table of typed columns, the way ES|QL reads an index's mapped
 * fields (doc values: keyword, ip and version values sorted and de-duplicated, numbers and dates sorted; text from
 * `_source` in order), with Elasticsearch's dynamic mapping for fields the mapping does not name.
 */
import { DacError } from "../../errors.js";
import { parseDate } from "../../semantics/dates.js";
import { formatIp, parseIp } from "../../semantics/ip.js";
import { esqlTypeOf } from "../data-types.js";
import { type Cell, type Column, cellOf, compareScalars, type Scalar } from "./values.js";

export interface IndexedDocument {
  _id: string;
  _version: number;
  source: Record<string, unknown>;
}

export interface EsqlIndex {
  name: string;
  /** Columns in name order, as FROM lists them. */
  columns: Column[];
  /** The cells of one column, one per document; read from the sources on first use. */
  cells: (column: number) => readonly Cell[];
  documents: IndexedDocument[];
}

interface FieldSpec {
  name: string;
  /** The Elasticsearch field type (keyword, float, scaled_float...). */
  esType: string;
  /** Where the value comes from in `_source` (a multi-field reads its parent's path). */
  sourcePath: string;
  ignoreAbove?: number;
  scalingFactor?: number;
  format?: string;
  /** A constant_keyword's value: every document of the index has it. */
  constant?: string;
}

type JsonObject = Record<string, unknown>;

/** Indexes `documents` (sources, or hits with `_id` and `_source`) under `mapping` plus dynamic mapping. */
export function buildIndex(name: string, documents: readonly unknown[], mapping?: unknown): EsqlIndex {
  const root = mappingRoot(mapping);
  const fields = new Map<string, FieldSpec>();
  collectMapped(root?.properties, "", fields);
  const dynamic = root?.dynamic === undefined || root.dynamic === true || root.dynamic === "true";
  const indexed: IndexedDocument[] = documents.map((document, position) => {
    if (!isObject(document))
      throw new DacError("input", `${name}: document ${position + 1} is not a JSON object`);
    const isHit = isObject(document._source);
    return {
      _id: isHit && typeof document._id === "string" ? document._id : String(position + 1),
      _version: isHit && typeof document._version === "number" ? document._version : 1,
      source: (isHit ? document._source : document) as JsonObject,
    };
  });
  const paths = new PathCache();
  if (dynamic) {
    for (const document of indexed) {
      walkLeaves(document.source, "", paths, (path, value) => {
        if (value !== null && !fields.has(path)) addDynamic(path, value, fields);
      });
    }
  }
  const specs = [...fields.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const columns = specs.map((spec) => ({ name: spec.name, type: esqlTypeOf(spec.esType) }));
  const computed = new Map<number, Cell[]>();
  const cells = (column: number): readonly Cell[] => {
    let list = computed.get(column);
    if (!list) {
      const spec = specs[column];
      const read = pathReader(spec.sourcePath);
      list = indexed.map((document) => cellFor(spec, read(document.source)));
      computed.set(column, list);
    }
    return list;
  };
  return { name, columns, cells, documents: indexed };
}

function mappingRoot(mapping: unknown): JsonObject | undefined {
  if (!isObject(mapping)) return undefined;
  return isObject(mapping.mappings) ? mapping.mappings : mapping;
}

function collectMapped(properties: unknown, prefix: string, into: Map<string, FieldSpec>): void {
  if (!isObject(properties)) return;
  for (const [key, definition] of Object.entries(properties)) {
    if (!isObject(definition)) continue;
    const name = prefix + key;
    const type = typeof definition.type === "string" ? definition.type : "object";
    if (type === "object" || (type !== "nested" && isObject(definition.properties))) {
      collectMapped(definition.properties, `${name}.`, into);
      continue;
    }
    into.set(name, specOf(name, type, name, definition));
    if (isObject(definition.fields)) {
      for (const [sub, subDefinition] of Object.entries(definition.fields)) {
        if (!isObject(subDefinition)) continue;
        const subType = typeof subDefinition.type === "string" ? subDefinition.type : "keyword";
        into.set(`${name}.${sub}`, specOf(`${name}.${sub}`, subType, name, subDefinition));
      }
    }
  }
}

function specOf(name: string, esType: string, sourcePath: string, definition: JsonObject): FieldSpec {
  return {
    name,
    esType,
    sourcePath,
    ...(typeof definition.ignore_above === "number" ? { ignoreAbove: definition.ignore_above } : {}),
    ...(typeof definition.scaling_factor === "number" ? { scalingFactor: definition.scaling_factor } : {}),
    ...(typeof definition.format === "string" ? { format: definition.format } : {}),
    ...(esType === "constant_keyword" && typeof definition.value === "string"
      ? { constant: definition.value }
      : {}),
  };
}

/** Elasticsearch's default dynamic mapping for a new leaf: dates detected in strings, text with a `.keyword`, long, float. */
function addDynamic(name: string, first: unknown, into: Map<string, FieldSpec>): void {
  if (typeof first === "string") {
    if (isDetectedDate(first)) {
      into.set(name, { name, esType: "date", sourcePath: name });
    } else {
      into.set(name, { name, esType: "text", sourcePath: name });
      into.set(`${name}.keyword`, {
        name: `${name}.keyword`,
        esType: "keyword",
        sourcePath: name,
        ignoreAbove: 256,
      });
    }
  } else if (typeof first === "number") {
    into.set(name, { name, esType: Number.isInteger(first) ? "long" : "float", sourcePath: name });
  } else if (typeof first === "boolean") {
    into.set(name, { name, esType: "boolean", sourcePath: name });
  }
}

function isDetectedDate(text: string): boolean {
  if (!/^\d{4}[-/]\d{2}[-/]\d{2}/.test(text)) return false;
  try {
    parseDate(text.replace(/\//g, "-"), {});
    return true;
  } catch {
    return false;
  }
}

/** Dotted paths, built once per parent and key (documents of one index repeat the same paths). */
class PathCache {
  private readonly children = new Map<string, Map<string, string>>();

  child(parent: string, key: string): string {
    let byKey = this.children.get(parent);
    if (!byKey) {
      byKey = new Map();
      this.children.set(parent, byKey);
    }
    let path = byKey.get(key);
    if (path === undefined) {
      path = parent === "" ? key : `${parent}.${key}`;
      byKey.set(key, path);
    }
    return path;
  }
}

/**
 * Reads the values at a dotted path from a source document, where any run of the path's parts may be one dotted key
 * (`{"a.b": {"c": 1}}` and `{"a": {"b.c": 1}}` both hold `a.b.c`); arrays are flattened.
 */
function pathReader(path: string): (source: unknown) => unknown[] {
  const parts = path.split(".");
  // keys[i][j]: parts i..j-1 joined, built once per path
  const keys = parts.map((_, i) => parts.map((__, j) => (j < i ? "" : parts.slice(i, j + 1).join("."))));
  const read = (value: unknown, from: number, out: unknown[]): void => {
    if (Array.isArray(value)) {
      for (const item of value) read(item, from, out);
      return;
    }
    if (from === parts.length) {
      if (value !== null && value !== undefined && !isObject(value)) out.push(value);
      return;
    }
    if (!isObject(value)) return;
    for (let to = from; to < parts.length; to++) {
      const key = keys[from][to];
      if (key in value) read(value[key], to + 1, out);
    }
  };
  return (source) => {
    const out: unknown[] = [];
    read(source, 0, out);
    return out;
  };
}

/** Calls `visit` with every leaf value of a source document and its dotted path (dotted keys and nested objects alike). */
function walkLeaves(
  value: unknown,
  path: string,
  paths: PathCache,
  visit: (path: string, value: unknown) => void,
): void {
  if (Array.isArray(value)) {
    for (const item of value) walkLeaves(item, path, paths, visit);
  } else if (isObject(value)) {
    for (const key in value) walkLeaves(value[key], paths.child(path, key), paths, visit);
  } else if (path !== "") {
    visit(path, value);
  }
}

function cellFor(spec: FieldSpec, raws: readonly unknown[] | undefined): Cell {
  if (spec.constant !== undefined) return spec.constant;
  if (raws === undefined) return null;
  const values: Scalar[] = [];
  for (const raw of raws) {
    if (raw === null) continue;
    const value = convert(raw, spec);
    if (value !== undefined) values.push(value);
  }
  const type = esqlTypeOf(spec.esType);
  if (type === "text" || type === "unsupported") return type === "unsupported" ? null : cellOf(values);
  values.sort((a, b) => compareScalars(a, b, type));
  const unique = type === "keyword" || type === "ip" || type === "version";
  return cellOf(unique ? values.filter((value, i) => i === 0 || value !== values[i - 1]) : values);
}

/** One source value as the field type indexes it; undefined when it would not be indexed. */
function convert(raw: unknown, spec: FieldSpec): Scalar | undefined {
  switch (spec.esType) {
    case "keyword":
    case "constant_keyword":
    case "wildcard": {
      const text = String(raw);
      return spec.ignoreAbove !== undefined && text.length > spec.ignoreAbove ? undefined : text;
    }
    case "text":
    case "match_only_text":
    case "version":
      return String(raw);
    case "long":
    case "integer":
    case "short":
    case "byte":
    case "unsigned_long": {
      const number = Number(raw);
      return Number.isFinite(number) ? Math.trunc(number) : undefined;
    }
    case "double":
      return finite(Number(raw));
    case "float":
      return finite(Math.fround(Number(raw)));
    case "half_float":
      return finite(toHalfFloat(Number(raw)));
    case "scaled_float": {
      const factor = spec.scalingFactor ?? 1;
      return finite(Math.round(Number(raw) * factor) / factor);
    }
    case "boolean":
      return raw === true || raw === "true" ? true : raw === false || raw === "false" ? false : undefined;
    case "date":
    case "date_nanos":
      try {
        return typeof raw === "number"
          ? raw
          : parseDate(String(raw), spec.format ? { format: spec.format } : {});
      } catch {
        return undefined;
      }
    case "ip": {
      const address = parseIp(String(raw));
      return address === undefined ? undefined : formatIp(address);
    }
    default:
      return undefined;
  }
}

function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

/** Rounds to the nearest IEEE 754 half-precision value (11 significant bits), as a half_float field stores it. */
function toHalfFloat(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const exponent = Math.max(Math.floor(Math.log2(Math.abs(value))), -14);
  const step = 2 ** (exponent - 10);
  return Math.round(value / step) * step;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
