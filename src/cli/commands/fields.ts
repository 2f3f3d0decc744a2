import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import { openCatalog } from "../../catalog/catalog.js";
import { explainField, listCatalog, showIndexPattern } from "../../catalog/inspect.js";
import {
  type FieldCapsResponse,
  type MappingResponse,
  snapshotFromResponses,
  snapshotYaml,
} from "../../catalog/snapshot.js";
import {
  createClient,
  describeFailure,
  displayUrl,
  elasticsearchOptionsFromEnv,
} from "../../engine/elasticsearch/connection.js";
import { DacError } from "../../errors.js";
import { displayPath, readConfig } from "../common.js";
import { type CliIO, EXIT_FAILED, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

interface FormatOptions {
  format?: string;
  config?: string;
}

/** `dac fields list|show|why|snapshot`: the field catalog, the engines' mappings, and cluster snapshots. */
export const registerFields: RegisterCommand = (program: Command, io: CliIO, exit) => {
  const fields = program
    .command("fields")
    .description("field schemas: what dac knows, and snapshots of a cluster");
  const withCommon = (command: Command) =>
    command
      .option("--format <format>", "human or json", "human")
      .option(
        "--config <file>",
        "configuration file (default: dac.config.yaml in this or a parent directory)",
      );
  withCommon(
    fields
      .command("list")
      .description("the shipped integration schemas (package versions, data streams) and custom ones"),
  ).action((options: FormatOptions) => {
    const listing = listCatalog(catalogFor(io, options));
    if (jsonFormat(options)) io.stdout(`${JSON.stringify(listing, null, 2)}\n`);
    else {
      io.stdout(`ECS ${listing.ecs_version}\n`);
      for (const pkg of listing.packages) {
        io.stdout(`${pkg.name} ${pkg.versions.join(", ")}: ${pkg.data_streams.join(", ")}\n`);
      }
      for (const custom of listing.custom)
        io.stdout(`${custom.name} (dac.config.yaml): ${custom.files.join(", ")}\n`);
      for (const key of listing.allow_list)
        io.stdout(`allow-list ${key.pattern}: ${key.fields} field${key.fields === 1 ? "" : "s"}\n`);
    }
    exit(EXIT_OK);
  });
  withCommon(
    fields
      .command("show")
      .description(
        "the mapping the engines use for the indices of an index pattern (e.g. 'logs-okta.system-*')",
      )
      .argument("<index>", "index pattern or index name"),
  ).action((pattern: string, options: FormatOptions) => {
    const shown = showIndexPattern(pattern, catalogFor(io, options));
    if (jsonFormat(options)) io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
    else {
      const lines: string[] = [];
      for (const index of shown) {
        const from = index.package ? ` (${[index.package, index.version].filter(Boolean).join(" ")})` : "";
        lines.push(`${index.index}${from}${index.dynamic ? "" : ", dynamic: false"}`);
        for (const [name, field] of Object.entries(index.fields)) {
          const value = field.value === undefined ? "" : ` = ${field.value}`;
          const source = isAbsolute(field.source) ? displayPath(field.source, io.cwd) : field.source;
          lines.push(`  ${name}  ${field.type}${value}  [${source}]`);
        }
      }
      io.stdout(`${lines.join("\n")}\n`);
    }
    exit(EXIT_OK);
  });
  withCommon(
    fields
      .command("why")
      .description("which schema gives a field its type for an index pattern, and how the engines map it")
      .argument("<field>", "dotted field name")
      .requiredOption("--index <pattern>", "the index pattern a rule reads")
      .option(
        "--integration <name...>",
        "as [metadata] integration, for patterns such as filebeat-* or logs-*",
      ),
  ).action((field: string, options: FormatOptions & { index: string; integration?: string[] }) => {
    const why = explainField(field, options.index, catalogFor(io, options), options.integration ?? []);
    if (jsonFormat(options)) io.stdout(`${JSON.stringify(why, null, 2)}\n`);
    else io.stdout(humanWhy(why, (source) => (isAbsolute(source) ? displayPath(source, io.cwd) : source)));
    exit(why.used ? EXIT_OK : EXIT_FAILED);
  });
  fields
    .command("snapshot")
    .description(
      "write the fields of a cluster's indices (_field_caps + _mapping) as a field file for dac.config.yaml",
    )
    .requiredOption("--index <pattern...>", "index patterns the rules read")
    .option("--out <file>", "write the snapshot here (default: standard output)")
    .option("--format <format>", "summary format: human or json", "human")
    .action(async (options: { index: string[]; out?: string; format?: string }) => {
      exit(await snapshot(options, io));
    });
};

function catalogFor(io: CliIO, options: FormatOptions) {
  return openCatalog(readConfig(io, options.config));
}

function jsonFormat(options: { format?: string }): boolean {
  if (options.format !== "human" && options.format !== "json")
    throw new UsageError(`--format must be human or json, not "${options.format}"`);
  return options.format === "json";
}

function humanWhy(why: ReturnType<typeof explainField>, display: (source: string) => string): string {
  const lines = [`${why.field} for ${why.index}:`];
  if (why.definitions.length === 0) lines.push("  no schema defines it");
  why.definitions.forEach((definition, i) => {
    const from = definition.package
      ? ` (${definition.package}${definition.version ? ` ${definition.version}` : ""})`
      : "";
    const mark = i === 0 && why.used ? "used" : "also";
    lines.push(
      `  ${mark}: ${definition.type} from ${definition.schema}${from} [${display(definition.source)}]`,
    );
  });
  if (why.used && why.definitions.length === 0)
    lines.push(`  used: ${why.used.type} [${display(why.used.source)}]`);
  for (const { index, mapping } of why.mappings) {
    lines.push(`  engines map it in ${index} as ${typeof mapping === "string" ? mapping : mapping.type}`);
  }
  return `${lines.join("\n")}\n`;
}

async function snapshot(
  options: { index: string[]; out?: string; format?: string },
  io: CliIO,
): Promise<number> {
  const json = jsonFormat(options);
  const esOptions = elasticsearchOptionsFromEnv(io.env);
  const client = createClient(esOptions);
  const index = options.index.join(",");
  let mappings: MappingResponse;
  let caps: FieldCapsResponse;
  try {
    mappings = (await client.indices.getMapping({ index, allow_no_indices: true })) as MappingResponse;
    caps = (await client.fieldCaps({
      index,
      fields: "*",
      include_unmapped: true,
      allow_no_indices: true,
    })) as unknown as FieldCapsResponse;
  } catch (error) {
    throw new DacError(
      "unreachable",
      describeFailure(error, `reading the fields of ${index}`, esOptions).message,
    );
  } finally {
    await client.close();
  }
  if (caps.indices.length === 0) {
    io.stderr(`dac: no index matches ${options.index.join(", ")} on ${displayUrl(esOptions.url ?? "")}\n`);
    return EXIT_FAILED;
  }
  const result = snapshotFromResponses(options.index, mappings, caps);
  const text = snapshotYaml(result, { cluster: displayUrl(esOptions.url ?? ""), takenAt: new Date() });
  const conflicts = result.fields.filter((field) => field.conflicting_types);
  if (options.out === undefined) io.stdout(text);
  else {
    const out = resolve(io.cwd, options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
  const summary = {
    ...(options.out === undefined ? {} : { out: displayPath(resolve(io.cwd, options.out), io.cwd) }),
    indices: result.indices.length,
    fields: result.fields.length,
    conflicts: conflicts.map((field) => ({ field: field.name, types: field.conflicting_types })),
  };
  const write = options.out === undefined ? io.stderr : io.stdout;
  if (json) write(`${JSON.stringify(summary)}\n`);
  else {
    write(
      `${summary.out ? `wrote ${summary.out}: ` : ""}${summary.indices} indices, ${summary.fields} fields, ${conflicts.length} with conflicting types\n`,
    );
    for (const field of conflicts) {
      const types = Object.entries(field.conflicting_types ?? {})
        .map(([type, indices]) => `${type} (${indices.join(", ")})`)
        .join(" vs ");
      write(`  ${field.name}: ${types}\n`);
    }
  }
  return EXIT_OK;
}
