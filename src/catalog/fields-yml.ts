import { DacError } from "../errors.js";
import type { SourcePosition } from "../schema/source.js";
import { isAggregatable } from "../semantics/field-types.js";
import { withNestedPaths } from "./ecs.js";
import type { FieldSpec } from "./types.js";
import { type PositionedYaml, parseYamlWithPositions, YamlSyntaxError } from "./yaml-positions.js";

/** A fields.yml file (named by dac.config.yaml `fields:`) that is malformed: a configuration error. */
export class FieldsFileError extends DacError {
  constructor(file: string, position: SourcePosition, reason: string) {
    super("config", reason, { location: { file, line: position.line, column: position.column } });
  }
}

export interface FieldsFileOptions {
  /** Path shown in errors. */
  file: string;
  /** `FieldSpec.source` of the fields this file defines, e.g. "aws.cloudtrail". */
  source: string;
  /** ECS fields, to resolve `external: ecs` entries. */
  ecs: ReadonlyMap<string, FieldSpec>;
}

type Path = (string | number)[];

/**
 * Reads a fields.yml document: a list of field entries, where `type: group` (or an entry with `fields:`)
 * prefixes its children's names, `external: ecs` takes the definition from ECS, and multi_fields become
 * their own entries. Groups produce no entry of their own; object and nested fields do.
 */
export function parseFieldsYml(text: string, options: FieldsFileOptions): Map<string, FieldSpec> {
  let document: PositionedYaml;
  try {
    document = parseYamlWithPositions(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError)
      throw new FieldsFileError(options.file, error.position, error.reason);
    throw error;
  }
  const reader = new EntryReader(document, options);
  const root = document.value ?? [];
  if (!Array.isArray(root)) reader.fail([], "expected a list of field definitions");
  reader.readList(root as unknown[], [], "", undefined);
  reader.resolveAliases();
  return withNestedPaths(reader.fields);
}

class EntryReader {
  readonly fields = new Map<string, FieldSpec>();
  private readonly definedAt = new Map<string, Path>();
  private readonly aliases: { name: string; target: string; at: Path }[] = [];

  constructor(
    private readonly document: PositionedYaml,
    private readonly options: FieldsFileOptions,
  ) {}

  fail(path: Path, reason: string): never {
    throw new FieldsFileError(this.options.file, this.document.positionOf(path), reason);
  }

  readList(entries: unknown[], at: Path, prefix: string, nestedPath: string | undefined): void {
    entries.forEach((entry, index) => {
      this.readEntry(entry, [...at, index], prefix, nestedPath);
    });
  }

  private readEntry(raw: unknown, at: Path, prefix: string, nestedPath: string | undefined): void {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw))
      this.fail(at, "expected a field definition");
    const entry = raw as Record<string, unknown>;
    if (typeof entry.name !== "string" || entry.name === "") this.fail(at, "field definition without a name");
    const name = prefix ? `${prefix}.${entry.name}` : entry.name;
    if (entry.external !== undefined) {
      this.readExternal(entry, name, at);
      return;
    }
    if (entry.type !== undefined && typeof entry.type !== "string")
      this.fail([...at, "type"], "type must be a string");
    const children = entry.fields;
    const type = (entry.type as string | undefined) ?? (children === undefined ? "keyword" : "group");
    if (children !== undefined && !Array.isArray(children))
      this.fail([...at, "fields"], "fields must be a list");
    if (type === "alias") {
      if (typeof entry.path !== "string") this.fail(at, `alias ${name} needs a path`);
      this.aliases.push({ name, target: entry.path, at });
      return;
    }
    if (type !== "group") this.define(this.spec(entry, name, type, at), at);
    if (Array.isArray(children)) {
      this.readList(children, [...at, "fields"], name, type === "nested" ? name : nestedPath);
    }
  }

  private readExternal(entry: Record<string, unknown>, name: string, at: Path): void {
    if (entry.external !== "ecs")
      this.fail([...at, "external"], `unknown external schema "${String(entry.external)}"`);
    const spec = this.options.ecs.get(name);
    if (!spec) this.fail(at, `${name} is declared "external: ecs" but is not an ECS field`);
    this.define({ ...spec }, at);
    for (const multi of this.options.ecs.values()) {
      if (multi.parent === name) this.define({ ...multi }, at);
    }
  }

  private spec(entry: Record<string, unknown>, name: string, type: string, at: Path): FieldSpec {
    const docValues = this.optionalBoolean(entry, "doc_values", at);
    const spec: FieldSpec = {
      name,
      type,
      source: this.options.source,
      aggregatable: isAggregatable(type, docValues !== false),
    };
    const ignoreAbove = this.optionalPositiveInteger(entry, "ignore_above", at);
    if (ignoreAbove !== undefined) spec.ignoreAbove = ignoreAbove;
    if (entry.value !== undefined) {
      if (type !== "constant_keyword")
        this.fail([...at, "value"], `value is only allowed on constant_keyword fields`);
      if (typeof entry.value !== "string") this.fail([...at, "value"], "value must be a string");
      spec.value = entry.value;
    }
    if (entry.scaling_factor !== undefined) {
      if (typeof entry.scaling_factor !== "number")
        this.fail([...at, "scaling_factor"], "scaling_factor must be a number");
      spec.scalingFactor = entry.scaling_factor;
    }
    if (entry.date_format !== undefined) {
      if (typeof entry.date_format !== "string")
        this.fail([...at, "date_format"], "date_format must be a string");
      spec.format = entry.date_format;
    }
    if (entry.object_type !== undefined) {
      if (type !== "object")
        this.fail([...at, "object_type"], "object_type is only allowed on object fields");
      if (typeof entry.object_type !== "string")
        this.fail([...at, "object_type"], "object_type must be a string");
      spec.objectType = entry.object_type;
    }
    if (this.optionalBoolean(entry, "index", at) === false) spec.indexed = false;
    this.readMultiFields(entry, spec, at);
    return spec;
  }

  private readMultiFields(entry: Record<string, unknown>, parent: FieldSpec, at: Path): void {
    if (entry.multi_fields === undefined) return;
    if (!Array.isArray(entry.multi_fields)) this.fail([...at, "multi_fields"], "multi_fields must be a list");
    entry.multi_fields.forEach((raw, index) => {
      const where = [...at, "multi_fields", index];
      const multi = raw as Record<string, unknown>;
      if (typeof multi?.name !== "string" || typeof multi.type !== "string") {
        this.fail(where, "a multi-field needs a name and a type");
      }
      const spec: FieldSpec = {
        name: `${parent.name}.${multi.name}`,
        type: multi.type,
        parent: parent.name,
        source: this.options.source,
        aggregatable: isAggregatable(multi.type, this.optionalBoolean(multi, "doc_values", where) !== false),
      };
      const ignoreAbove = this.optionalPositiveInteger(multi, "ignore_above", where);
      if (ignoreAbove !== undefined) spec.ignoreAbove = ignoreAbove;
      this.define(spec, where);
    });
  }

  private define(spec: FieldSpec, at: Path): void {
    const earlier = this.definedAt.get(spec.name);
    if (earlier) {
      const line = this.document.positionOf(earlier).line;
      this.fail(at, `${spec.name} is already defined at line ${line}`);
    }
    this.definedAt.set(spec.name, at);
    this.fields.set(spec.name, spec);
  }

  resolveAliases(): void {
    for (const alias of this.aliases) {
      const target = this.fields.get(alias.target) ?? this.options.ecs.get(alias.target);
      if (!target) this.fail(alias.at, `alias ${alias.name} points to unknown field ${alias.target}`);
      this.define({ ...target, name: alias.name, source: this.options.source }, alias.at);
    }
  }

  private optionalBoolean(entry: Record<string, unknown>, key: string, at: Path): boolean | undefined {
    const value = entry[key];
    if (value !== undefined && typeof value !== "boolean")
      this.fail([...at, key], `${key} must be true or false`);
    return value;
  }

  private optionalPositiveInteger(entry: Record<string, unknown>, key: string, at: Path): number | undefined {
    const value = entry[key];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) > 0)) {
      this.fail([...at, key], `${key} must be a positive integer`);
    }
    return value as number | undefined;
  }
}
