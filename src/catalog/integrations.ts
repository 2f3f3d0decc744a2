/**
 * The integration schemas dac ships in data/fields/integrations/ (built by tools/fields/build.mjs from
 * Elastic's integration packages): an index of package versions and their data streams, and one compact JSON
 * file of fields per data stream, read only when a rule or an index first needs that data stream.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isAggregatable } from "../semantics/field-types.js";
import { withNestedPaths } from "./ecs.js";
import { FieldsFileError } from "./fields-yml.js";
import type { FieldSpec } from "./types.js";

/** One data stream of one shipped package version. */
export interface ShippedDataStream {
  dataset: string;
  package: string;
  version: string;
  /** The package's `conditions.kibana.version` ("^8.10.1 || ^9.0.0"), when its manifest has one. */
  kibana?: string;
  /** Data stream type: logs, metrics, ... */
  type: string;
  /** false when the data stream's index template sets `dynamic: false` (unmapped fields are not indexed). */
  dynamic?: boolean;
  /** Absolute path of the compact field file. */
  file: string;
}

export interface ShippedPackage {
  name: string;
  title?: string;
  version: string;
  kibana?: string;
  dataStreams: string[];
}

interface IndexFile {
  ecs_version: string;
  packages: {
    name: string;
    title?: string;
    version: string;
    kibana?: string;
    data_streams: Record<string, { dataset: string; type: string; dynamic?: boolean; file: string }>;
  }[];
}

/** The shipped package versions and data streams of an integrations data folder. */
export function readShippedIndex(dir: string): { packages: ShippedPackage[]; streams: ShippedDataStream[] } {
  const file = join(dir, "index.json");
  const index = readJson(file) as IndexFile;
  const packages: ShippedPackage[] = [];
  const streams: ShippedDataStream[] = [];
  for (const pkg of index.packages) {
    packages.push({
      name: pkg.name,
      ...(pkg.title === undefined ? {} : { title: pkg.title }),
      version: pkg.version,
      ...(pkg.kibana === undefined ? {} : { kibana: pkg.kibana }),
      dataStreams: Object.keys(pkg.data_streams),
    });
    for (const stream of Object.values(pkg.data_streams)) {
      streams.push({
        dataset: stream.dataset,
        package: pkg.name,
        version: pkg.version,
        ...(pkg.kibana === undefined ? {} : { kibana: pkg.kibana }),
        type: stream.type,
        ...(stream.dynamic === undefined ? {} : { dynamic: stream.dynamic }),
        file: join(dir, stream.file),
      });
    }
  }
  return { packages, streams };
}

/** A field in the compact form: its type, or its definition (fields.yml keys, `ecs: true` when taken from ECS). */
type CompactField =
  | string
  | {
      type: string;
      value?: string;
      index?: boolean;
      doc_values?: boolean;
      ignore_above?: number;
      scaling_factor?: number;
      object_type?: string;
      format?: string;
      path?: string;
      multi_fields?: { name: string; type: string; doc_values?: boolean; ignore_above?: number }[];
    };

/** The fields of a shipped data stream as FieldSpecs with `source` set to the dataset; aliases take their target's mapping. */
export function readShippedFields(
  stream: ShippedDataStream,
  ecs: ReadonlyMap<string, FieldSpec>,
): Map<string, FieldSpec> {
  const compact = readJson(stream.file) as Record<string, CompactField>;
  const source = stream.dataset;
  const fields = new Map<string, FieldSpec>();
  const aliases: [string, string][] = [];
  for (const [name, raw] of Object.entries(compact)) {
    const field = typeof raw === "string" ? { type: raw } : raw;
    if (field.type === "alias" && field.path !== undefined) {
      aliases.push([name, field.path]);
      continue;
    }
    const spec: FieldSpec = {
      name,
      type: field.type,
      source,
      aggregatable: isAggregatable(field.type, field.doc_values !== false),
    };
    if (field.value !== undefined) spec.value = field.value;
    if (field.ignore_above !== undefined) spec.ignoreAbove = field.ignore_above;
    if (field.scaling_factor !== undefined) spec.scalingFactor = field.scaling_factor;
    if (field.format !== undefined) spec.format = field.format;
    if (field.object_type !== undefined && field.type === "object") spec.objectType = field.object_type;
    if (field.index === false) spec.indexed = false;
    fields.set(name, spec);
    for (const multi of field.multi_fields ?? []) {
      const multiName = `${name}.${multi.name}`;
      fields.set(multiName, {
        name: multiName,
        type: multi.type,
        parent: name,
        source,
        aggregatable: isAggregatable(multi.type, multi.doc_values !== false),
        ...(multi.ignore_above === undefined ? {} : { ignoreAbove: multi.ignore_above }),
      });
    }
  }
  for (const [name, target] of aliases) {
    const spec = fields.get(target) ?? ecs.get(target);
    if (spec) fields.set(name, { ...spec, name, source });
  }
  return withNestedPaths(fields);
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new FieldsFileError(
      file,
      { line: 1, column: 1 },
      `cannot read field data: ${(error as Error).message}`,
    );
  }
}
