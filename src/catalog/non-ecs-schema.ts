/**
 * The allow-list of fields known to exist without a published schema, in the layout of Elastic's
 * detection-rules `etc/non-ecs-schema.json`: `{ "<index pattern>": { "<field>": "<type>", ... }, ... }`, where a
 * field's value may also be an object of sub-fields (`{"endgame": {"event_subtype_full": "keyword"}}`).
 */
import { readFileSync } from "node:fs";
import { isAggregatable } from "../semantics/field-types.js";
import { globRegExp } from "../semantics/index-patterns.js";
import { FieldsFileError } from "./fields-yml.js";
import type { FieldSpec } from "./types.js";
import { parseYamlWithPositions, YamlSyntaxError } from "./yaml-positions.js";

/** The fields one index-pattern key of the file declares. */
export interface AllowListKey {
  /** The key as written ("logs-okta*"). */
  pattern: string;
  /** The key read as a wildcard pattern. */
  matcher: RegExp;
  fields: Map<string, FieldSpec>;
}

/** Reads the allow-list file; a file that cannot be read or is malformed is a configuration error at its position. */
export function readNonEcsSchema(file: string): AllowListKey[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new FieldsFileError(
      file,
      { line: 1, column: 1 },
      `cannot read non-ECS schema: ${(error as Error).message}`,
    );
  }
  return parseNonEcsSchema(text, file);
}

/** Parses the allow-list (JSON, read as YAML for positions); field specs name `file` as their source. */
export function parseNonEcsSchema(text: string, file: string): AllowListKey[] {
  let document: ReturnType<typeof parseYamlWithPositions>;
  try {
    document = parseYamlWithPositions(text, { json: true });
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new FieldsFileError(file, error.position, error.reason);
    throw error;
  }
  const fail = (path: string[], reason: string): never => {
    throw new FieldsFileError(file, document.positionOf(path), reason);
  };
  const root = document.value ?? {};
  if (!isMapping(root)) return fail([], "expected an object of index patterns");
  return Object.entries(root).map(([pattern, fields]) => {
    const specs = new Map<string, FieldSpec>();
    const read = (value: unknown, path: string[]) => {
      if (!isMapping(value)) return fail(path, "expected an object of fields");
      for (const [key, child] of Object.entries(value)) {
        const at = [...path, key];
        if (isMapping(child)) read(child, at);
        else if (typeof child === "string" && child !== "") {
          const name = at.slice(1).join(".");
          specs.set(name, { name, type: child, source: file, aggregatable: isAggregatable(child) });
        } else fail(at, `${at.slice(1).join(".")}: expected an Elasticsearch field type or an object`);
      }
    };
    read(fields, [pattern]);
    return { pattern, matcher: globRegExp(pattern), fields: specs };
  });
}

/**
 * The entries that describe a rule's index pattern: those whose key, read as a wildcard pattern, matches it
 * (detection-rules' exact key is the simplest case; `logs-endpoint.events.*` also covers
 * `logs-endpoint.events.process-*`). A cross-cluster prefix (`remote:logs-*`) is ignored, as detection-rules does.
 */
export function allowListFor<Key extends AllowListKey>(pattern: string, keys: readonly Key[]): Key[] {
  const trimmed = pattern.trim().replace("::", ":");
  const local = trimmed.slice(trimmed.indexOf(":") + 1);
  return keys.filter((key) => key.pattern === pattern || key.matcher.test(local));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
