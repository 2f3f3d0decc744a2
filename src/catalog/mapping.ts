import { catalogSchema, datasetIsDynamic, ecsSchema, type FieldCatalog } from "./catalog.js";
import type { FieldSpec, IndexMapping } from "./types.js";

/**
 * How Elasticsearch maps fields that are not in an index's mapping.
 * - "default": no template; strings become text with a .keyword sub-field (ignore_above 256) unless date
 *   detection recognises them.
 * - "logs": logs-*-* data streams. The built-in logs@mappings / ecs@mappings templates turn date detection
 *   off, map @timestamp to date, strings to keyword (ignore_above 1024), a field named `ip` to ip and `message`
 *   to match_only_text.
 *   (ecs@mappings also maps ECS names by convention; dac maps all of ECS explicitly instead.)
 * - "beats": filebeat-*, winlogbeat-*, ...: the Beats template also turns date detection off, maps
 *   @timestamp to date and strings to keyword (ignore_above 1024).
 */
export type DynamicMappingStyle = "default" | "logs" | "beats";

const BEATS = [
  "filebeat",
  "auditbeat",
  "winlogbeat",
  "packetbeat",
  "metricbeat",
  "heartbeat",
  "functionbeat",
];

interface DataStreamName {
  type: string;
  dataset: string;
  namespace: string;
}

/** Parses "logs-aws.cloudtrail-default" and backing indices ".ds-logs-aws.cloudtrail-default-2024.01.01-000001". */
export function parseDataStreamName(index: string): DataStreamName | undefined {
  const name = index.replace(/^\.ds-/, "").replace(/-\d{4}\.\d{2}\.\d{2}-\d{6}$/, "");
  const match = /^(logs|metrics|traces|synthetics)-([^-*]+)-([^-*]+)$/.exec(name);
  if (!match) return undefined;
  return { type: match[1], dataset: match[2], namespace: match[3] };
}

function beatOf(index: string): string | undefined {
  const match = /^([a-z]+)-/.exec(index);
  return match && BEATS.includes(match[1]) ? match[1] : undefined;
}

export function dynamicMappingStyle(index: string): DynamicMappingStyle {
  if (parseDataStreamName(index)?.type === "logs") return "logs";
  return beatOf(index) ? "beats" : "default";
}

/**
 * The mapping of a concrete index as Elasticsearch would hold it:
 * - `logs-<dataset>-<namespace>`: ECS overlaid with the dataset's schema; data_stream.type/dataset/namespace
 *   are constant_keyword without a value, as the data-stream templates map them (the first document with a
 *   value sets it; later documents with another are rejected), and only the constants whose value the
 *   schema configures (event.dataset, event.module of an integration) are preset.
 * - `<beat>-*` (filebeat-8.15.0): ECS plus the fields of packages whose Beats module ships them
 *   (data/fields/beats.yml); there event.dataset etc. are ordinary ECS fields and data_stream.* stay unset.
 * - anything else: ECS.
 * The non-ECS allow-list's keys that match the index add their fields over the shipped schemas.
 * Unmapped fields get `dynamicFieldSpec`, except in data streams whose template sets `dynamic: false`
 * (Elastic Defend's logs-endpoint.*), where they stay in _source but are not indexed.
 */
export function mappingForIndex(index: string, catalog: FieldCatalog): IndexMapping {
  const fields = new Map<string, FieldSpec>(ecsSchema(catalog).fields);
  const stream = parseDataStreamName(index);
  const beat = catalog.beats.get(beatOf(index) ?? "");
  let dynamic = true;
  if (stream) {
    const schema = catalogSchema(catalog, stream.dataset);
    for (const [name, spec] of schema?.fields ?? []) fields.set(name, spec);
    const kept = catalog.configured.has(stream.dataset) ? schema?.fields : undefined;
    overlayAllowList(index, catalog, fields, kept);
    for (const name of DATA_STREAM_CONSTANTS) setOpenConstant(fields, name);
    dynamic = datasetIsDynamic(catalog, stream.dataset);
  } else if (beat) {
    for (const pkg of beat.packages) {
      for (const stream of catalog.packages.get(pkg)?.dataStreams ?? []) {
        const schema = catalogSchema(catalog, `${pkg}.${stream}`);
        for (const [name, spec] of schema?.fields ?? [])
          if (!fields.has(name)) fields.set(name, beatsField(spec));
      }
    }
  }
  if (!stream) overlayAllowList(index, catalog, fields);
  return { index, fields: withoutFieldsBelowLeaves(fields), dynamic };
}

/**
 * Some packages declare fields below a leaf: keys of a flattened field (auditd.data.*) for documentation, or
 * leaves of a `subobjects: false` object (okta debug_data.risk and debug_data.risk.level). Elasticsearch cannot
 * map those below a leaf in an ordinary object tree, so the index mapping leaves them out (a flattened field
 * still indexes its keys); validation keeps them.
 */
function withoutFieldsBelowLeaves(fields: Map<string, FieldSpec>): Map<string, FieldSpec> {
  const isLeaf = (spec: FieldSpec | undefined) =>
    spec !== undefined && spec.type !== "object" && spec.type !== "nested";
  for (const [name, spec] of fields) {
    if (spec.parent !== undefined) continue;
    for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".", dot - 1)) {
      if (isLeaf(fields.get(name.slice(0, dot)))) {
        fields.delete(name);
        break;
      }
    }
  }
  return fields;
}

/**
 * The allow-list's fields for the keys whose pattern matches the index, over the shipped schemas; `kept` are
 * the fields of a schema `dac.config.yaml` `fields:` configures, which stay (as in validation, they come first).
 */
function overlayAllowList(
  index: string,
  catalog: FieldCatalog,
  fields: Map<string, FieldSpec>,
  kept?: ReadonlyMap<string, FieldSpec>,
): void {
  // Reversed, so that of two matching keys the earlier one wins, as in the rule's schemas.
  // A backing index (.ds-logs-...-2024.01.01-000001) is matched by its data stream's name.
  const stream = parseDataStreamName(index);
  const name = stream ? `${stream.type}-${stream.dataset}-${stream.namespace}` : index;
  for (const entry of [...catalog.allowList].reverse()) {
    if (!entry.matcher.test(name)) continue;
    for (const [field, spec] of entry.schema.fields) if (!kept?.has(field)) fields.set(field, spec);
  }
}

/** In Beats indices the integration's data-stream constants are ordinary keywords (one index holds every module). */
function beatsField(spec: FieldSpec): FieldSpec {
  if (spec.type !== "constant_keyword") return spec;
  const { value: _value, ...rest } = spec;
  return { ...rest, type: "keyword", ignoreAbove: 1024 };
}

const DATA_STREAM_CONSTANTS = ["data_stream.type", "data_stream.dataset", "data_stream.namespace"];

function setOpenConstant(fields: Map<string, FieldSpec>, name: string): void {
  const existing = fields.get(name);
  fields.set(name, { name, type: "constant_keyword", source: existing?.source ?? "ecs", aggregatable: true });
}

/**
 * How Elasticsearch's dynamic mapping maps an unmapped JSON value at `field` in `index`: the field and its
 * multi-fields (empty for null, undefined and arrays without a non-null element). Numbers map as JSON sends
 * them: whole numbers below 1e21 are written as digits and map to long (JSON `1.0` is indistinguishable
 * from `1` once parsed); larger ones are written in exponent form, which Elasticsearch reads as a float.
 */
export function dynamicFieldSpec(value: unknown, where: { field: string; index?: string }): FieldSpec[] {
  const style = dynamicMappingStyle(where.index ?? "");
  const sample = Array.isArray(value) ? value.find((v) => v !== null && v !== undefined) : value;
  const field = where.field;
  const leaf = field.slice(field.lastIndexOf(".") + 1);
  const spec = (type: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
    name: field,
    type,
    source: "dynamic",
    aggregatable: !["text", "match_only_text", "object"].includes(type),
    ...extra,
  });
  if (sample === null || sample === undefined) return [];
  if (typeof sample === "boolean") return [spec("boolean")];
  if (typeof sample === "number" || typeof sample === "bigint") {
    const whole = typeof sample === "bigint" || (Number.isInteger(sample) && Math.abs(sample) < 1e21);
    return [spec(whole ? "long" : "float")];
  }
  if (typeof sample === "object") return [spec("object")];
  const text = String(sample);
  // Both templates map @timestamp as a date even with date detection off.
  if (style !== "default" && field === "@timestamp") return [spec("date")];
  if (style === "logs" && leaf === "ip") return [spec("ip")];
  if (style === "logs" && field === "message") return [spec("match_only_text")];
  if (style !== "default") return [spec("keyword", { ignoreAbove: 1024 })];
  const dateFormat = detectedDateFormat(text);
  if (dateFormat) return [spec("date", { format: dateFormat })];
  return [
    spec("text"),
    {
      name: `${field}.keyword`,
      type: "keyword",
      ignoreAbove: 256,
      parent: field,
      source: "dynamic",
      aggregatable: true,
    },
  ];
}

const ISO_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const SLASH_DATE = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * Elasticsearch's date detection with the default dynamic_date_formats: strict_date_optional_time (four-digit
 * years; a time zone only after a time) and "yyyy/MM/dd HH:mm:ss||yyyy/MM/dd" (no zone). Only strings with
 * a `-`, `:` or `/` are tried, so a bare year such as "2024" stays a string. Returns the format the new
 * field gets, or undefined when the string is not detected as a date.
 */
export function detectedDateFormat(text: string): string | undefined {
  if (!/[-:/]/.test(text)) return undefined;
  const iso = ISO_DATE.exec(text);
  if (iso && validParts(iso)) return "strict_date_optional_time||epoch_millis";
  const slash = SLASH_DATE.exec(text);
  if (slash && validParts(slash)) return "yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis";
  return undefined;
}

function validParts(match: RegExpExecArray): boolean {
  const [, year, month, day, hour, minute, second] = match.map((part) =>
    part === undefined ? undefined : Number(part),
  );
  if (month !== undefined && (month < 1 || month > 12)) return false;
  if (day !== undefined && month !== undefined && year !== undefined) {
    if (day < 1 || day > daysInMonth(year, month)) return false;
  }
  if (hour !== undefined && hour > 23) return false;
  if (minute !== undefined && minute > 59) return false;
  return second === undefined || second <= 59;
}

/** Proleptic Gregorian, as java.time counts (Date.UTC would read years 0-99 as 1900-1999). */
function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `mappingForIndex` with each index's mapping built once: a test run asks for the same indices again and again. */
export function cachedMappings(catalog: FieldCatalog): (index: string) => IndexMapping {
  const mappings = new Map<string, IndexMapping>();
  return (index) => {
    let mapping = mappings.get(index);
    if (!mapping) {
      mapping = mappingForIndex(index, catalog);
      mappings.set(index, mapping);
    }
    return mapping;
  };
}
