#!/usr/bin/env node
// Builds data/detection-rules/field-types.json: the field types detection-rules itself uses when it computes a
// rule's `required_fields` for the content hash it locks in etc/version.lock.json. dac hashes with these types,
// not with its own field catalog, so that a lock written by detection-rules verifies unchanged
// (src/repository/required-fields.ts reads the file).
//
// Usage: npm run detection-rules:build -- CHECKOUT [--out FILE]
//
// CHECKOUT is a checkout of github.com/elastic/detection-rules (its detection_rules/etc/ folder is read):
//  - etc/packages.yaml names the release (package.name, e.g. "9.6"); etc/stack-schema-map.yaml maps that stack
//    version to the ECS, Beats and Endgame schema versions detection-rules hashes with;
//  - etc/ecs_schemas/<ecs>/ecs_flat.json.gz: ECS field → type;
//  - etc/beats_schemas/v<beats>.json.gz: per beat, its common fields and per module its own fields and those of
//    each dataset (flattened the way detection-rules flattens them: groups prefix their children, a field
//    without a type is a keyword, `module.module.*` folds to `module.*` in single-group files);
//  - etc/endgame_schemas/<endgame>/endgame_ecs_mapping.json.gz: Endgame field → type.
// Each schema is written as { type: [field, ...] }: the same few types repeat over thousands of fields.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { load as loadYaml } from "js-yaml";

const DEFAULT_OUT = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../data/detection-rules/field-types.json",
);

function main(argv) {
  let out = DEFAULT_OUT;
  const roots = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = argv[++i];
    else roots.push(argv[i]);
  }
  if (roots.length !== 1 || out === undefined) {
    process.stderr.write("usage: npm run detection-rules:build -- CHECKOUT [--out FILE]\n");
    process.exit(2);
  }
  const etc = join(resolve(roots[0]), "detection_rules", "etc");
  const stack = `${loadYaml(readFileSync(join(etc, "packages.yaml"), "utf8")).package.name}`;
  const stackKey = stack.split(".").length === 2 ? `${stack}.0` : stack;
  const versions = loadYaml(readFileSync(join(etc, "stack-schema-map.yaml"), "utf8"))[stackKey];
  if (!versions) throw new Error(`stack-schema-map.yaml has no entry for ${stackKey}`);

  const ecsFlat = readGzipJson(join(etc, "ecs_schemas", versions.ecs, "ecs_flat.json.gz"));
  const ecs = byType(Object.entries(ecsFlat).map(([name, spec]) => [name, spec.type]));
  const endgame = byType(
    Object.entries(
      readGzipJson(join(etc, "endgame_schemas", versions.endgame, "endgame_ecs_mapping.json.gz")),
    ),
  );
  const beats = beatsTypes(readGzipJson(join(etc, "beats_schemas", `v${versions.beats}.json.gz`)));

  const data = {
    stack_version: stackKey,
    ecs_version: versions.ecs,
    beats_version: versions.beats,
    endgame_version: versions.endgame,
    ecs,
    endgame,
    beats,
  };
  writeFileSync(out, `${JSON.stringify(data)}\n`);
  process.stdout.write(
    `wrote ${out}: stack ${stackKey}, ECS ${versions.ecs} (${Object.keys(ecsFlat).length} fields), ` +
      `Beats ${versions.beats} (${Object.keys(beats).length} beats), Endgame ${versions.endgame}\n`,
  );
}

function readGzipJson(path) {
  return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8"));
}

/** [name, type][] → { type: [names, sorted] }; a later entry of the same name wins. */
function byType(entries) {
  const typeOf = new Map(entries);
  const grouped = {};
  for (const [name, type] of [...typeOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    grouped[type] = [...(grouped[type] ?? []), name];
  }
  return grouped;
}

/** Per beat: its common fields, and per module its own fields and each dataset's (prefixed with the module). */
function beatsTypes(schema) {
  const beats = {};
  for (const [beat, folder] of Object.entries(schema)) {
    const modules = {};
    for (const [module, moduleFolder] of Object.entries(folder.folders?.module?.folders ?? {})) {
      const datasets = {};
      for (const [dataset, datasetFolder] of Object.entries(moduleFolder.folders ?? {})) {
        if (dataset.startsWith("_")) continue;
        datasets[dataset] = byType(metaFields(datasetFolder, `${module}.`));
      }
      modules[module] = { fields: byType(metaFields(moduleFolder, "")), datasets };
    }
    beats[beat] = { fields: byType(metaFields(folder, "")), modules };
  }
  return beats;
}

/** The fields of a folder's _meta/fields.yml and fields.common.yml, as [name, type]. */
function metaFields(folder, prefix) {
  const files = folder.folders?._meta?.files ?? {};
  return ["fields.yml", "fields.common.yml"].flatMap((name) => flatten(files[name], prefix));
}

function flatten(entries, prefix) {
  if (!Array.isArray(entries)) return [];
  return entries.flatMap((entry) => {
    if (entry.type === "group") {
      let nested = `${prefix}${entry.name}.`;
      // detection-rules' heuristic: a lone group repeating its prefix (zoom.zoom.*) holds its fields at zoom.*
      if (entries.length === 1 && nested.startsWith(prefix + prefix)) nested = `${entry.name}.`;
      if (entry.field) return flatten(entry.field, nested);
      return entry.fields ? flatten(entry.fields, nested) : [];
    }
    if (entry.fields) {
      const nested = entry.name && entry.type === "nested" ? `${prefix}${entry.name}.` : prefix;
      return flatten(entry.fields, nested);
    }
    return entry.name === undefined ? [] : [[`${prefix}${entry.name}`, entry.type ?? "keyword"]];
  });
}

main(process.argv.slice(2));
