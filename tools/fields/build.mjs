#!/usr/bin/env node
// Builds data/fields/integrations/: the compact field schemas of Elastic integration data streams that dac
// validates rules against and maps fixture indices with (src/catalog/integrations.ts reads them).
//
// Usage: npm run fields:build -- ROOT... [--out DIR]
//
// Each ROOT is one of
//  - a checkout of github.com/elastic/integrations (its packages/<package>/ folders are read),
//  - a checkout of github.com/elastic/endpoint-package (its package/endpoint/ folder is read),
//  - a folder that directly holds package folders (<package>/manifest.yml, <package>/data_stream/...).
// Several roots are merged: a package found in more than one root with the same manifest version (or without a
// manifest in all but one) gets the data streams of all of them; different versions are kept side by side.
//
// From every package: manifest.yml (name, title, version, conditions.kibana.version), package-level
// fields/*.yml, and per data stream its manifest.yml (dataset, type, index_template dynamic) and fields/*.yml.
// `*.yml.link` files (newer elastic-package layout) are followed to their target. Field entries are
// flattened to dotted names: `type: group` prefixes its children, `external: ecs` takes the definition of the
// ECS version dac ships (@elastic/ecs) with the entry's own keys on top, multi_fields, constant_keyword
// `value`, object/nested/flattened, `object_type`, `index: false`, `doc_values: false`, `ignore_above`,
// `scaling_factor`, `date_format` and aliases (`type: alias` + `path`) are kept. Descriptions are dropped.
//
// Refreshing from upstream (needs internet and git):
//   git clone --depth 1 --filter=blob:none --sparse https://github.com/elastic/integrations
//   cd integrations && git sparse-checkout set --no-cone '/packages/*/manifest.yml' \
//     '/packages/*/fields/' '/packages/*/_dev/shared/fields/' '/packages/*/data_stream/*/manifest.yml' \
//     '/packages/*/data_stream/*/fields/' && cd ..
//   git clone --depth 1 https://github.com/elastic/endpoint-package
//   npm run fields:build -- integrations endpoint-package
// then review `git diff --stat data/fields/integrations` and commit it. Only data streams whose dataset is
// listed in data/fields/integrations/datasets.txt are written (the ones rules read); add a dataset there to
// ship it.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EcsFlat, EcsVersion } from "@elastic/ecs";
import { load as loadYaml } from "js-yaml";

const DEFAULT_OUT = join(dirname(fileURLToPath(import.meta.url)), "../../data/fields/integrations");

const KEPT_KEYS = ["value", "index", "doc_values", "ignore_above", "scaling_factor", "object_type", "path"];

function main(argv) {
  const roots = [];
  let out = DEFAULT_OUT;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") out = argv[++i];
    else roots.push(argv[i]);
  }
  if (roots.length === 0 || out === undefined) {
    process.stderr.write("usage: npm run fields:build -- ROOT... [--out DIR]\n");
    process.exit(2);
  }
  const wanted = readWanted(out);
  const warnings = [];
  const packages = mergePackages(
    roots.flatMap((root) => packagesOf(resolve(root), warnings)),
    warnings,
  );
  const index = { ecs_version: EcsVersion, packages: [] };
  mkdirSync(out, { recursive: true });
  for (const dir of readdirSync(out, { withFileTypes: true })) {
    if (dir.isDirectory()) rmSync(join(out, dir.name), { recursive: true });
  }
  let streamCount = 0;
  let fieldCount = 0;
  for (const pkg of packages) {
    const streams = {};
    for (const stream of pkg.streams) {
      if (wanted && !wanted.has(stream.dataset)) continue;
      const fields = streamFields(pkg, stream, warnings);
      const file = `${pkg.name}-${pkg.version}/${stream.name}.json`;
      mkdirSync(join(out, dirname(file)), { recursive: true });
      writeFileSync(join(out, file), `${JSON.stringify(fields)}\n`);
      streams[stream.name] = {
        dataset: stream.dataset,
        type: stream.type,
        ...(stream.dynamic === undefined ? {} : { dynamic: stream.dynamic }),
        file,
      };
      streamCount++;
      fieldCount += Object.keys(fields).length;
    }
    if (Object.keys(streams).length === 0) continue;
    index.packages.push({
      name: pkg.name,
      ...(pkg.title ? { title: pkg.title } : {}),
      version: pkg.version,
      ...(pkg.kibana ? { kibana: pkg.kibana } : {}),
      data_streams: sortKeys(streams),
    });
  }
  index.packages.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  writeFileSync(join(out, "index.json"), `${JSON.stringify(index, null, 1)}\n`);
  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  if (wanted) {
    const built = new Set(index.packages.flatMap((p) => Object.values(p.data_streams).map((s) => s.dataset)));
    for (const dataset of wanted) if (!built.has(dataset)) process.stderr.write(`missing: ${dataset}\n`);
  }
  process.stdout.write(
    `wrote ${out}: ECS ${EcsVersion}, ${index.packages.length} package versions, ${streamCount} data streams, ${fieldCount} fields\n`,
  );
}

/** The datasets to ship (datasets.txt in the output folder, one per line, # comments); undefined: all. */
function readWanted(out) {
  const file = join(out, "datasets.txt");
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8").split("\n");
  return new Set(lines.map((line) => line.replace(/#.*/, "").trim()).filter(Boolean));
}

/** The package folders of a root, read into {name, title, version, kibana, dir, fieldFiles, streams}. */
function packagesOf(root, warnings) {
  const base = ["packages", "package"].map((d) => join(root, d)).find((d) => isDir(d)) ?? root;
  return readdirSync(base)
    .map((name) => join(base, name))
    .filter((dir) => isDir(join(dir, "data_stream")))
    .map((dir) => readPackage(dir, warnings));
}

function readPackage(dir, warnings) {
  const manifestFile = join(dir, "manifest.yml");
  const manifest = existsSync(manifestFile) ? readYaml(manifestFile) : {};
  const kibana = manifest.conditions?.kibana?.version ?? manifest.conditions?.["kibana.version"];
  const name = manifest.name ?? dir.split("/").pop();
  const streams = readdirSync(join(dir, "data_stream"))
    .map((ds) => join(dir, "data_stream", ds))
    .filter(isDir)
    .map((streamDir) => {
      const streamName = streamDir.split("/").pop();
      const dsManifestFile = join(streamDir, "manifest.yml");
      const ds = existsSync(dsManifestFile) ? readYaml(dsManifestFile) : {};
      const dynamic = ds.elasticsearch?.index_template?.mappings?.dynamic;
      return {
        name: streamName,
        dataset: ds.dataset ?? `${name}.${streamName}`,
        type: ds.type ?? "logs",
        ...(dynamic === undefined ? {} : { dynamic: dynamic === true || dynamic === "true" }),
        fieldFiles: fieldFilesIn(join(streamDir, "fields"), warnings),
      };
    });
  if (!manifest.version) warnings.push(`${relative(process.cwd(), dir)}: no manifest.yml version`);
  return {
    name,
    title: manifest.title,
    version: manifest.version === undefined ? undefined : String(manifest.version),
    kibana,
    fieldFiles: fieldFilesIn(join(dir, "fields"), warnings),
    streams,
  };
}

/** Field files of a folder: X.yml, or the target of X.yml.link when that exists. */
function fieldFilesIn(dir, warnings) {
  if (!isDir(dir)) return [];
  const names = readdirSync(dir).sort();
  const files = [];
  for (const name of names) {
    if (name.endsWith(".yml.link")) {
      const [target] = readFileSync(join(dir, name), "utf8").trim().split(/\s+/);
      const path = resolve(dir, target);
      if (existsSync(path)) files.push(path);
      else if (names.includes(name.slice(0, -".link".length))) continue;
      else warnings.push(`${join(dir, name)}: link target ${target} not found`);
    } else if (name.endsWith(".yml")) {
      const link = `${name}.link`;
      const linked = names.includes(link) && existsSync(resolve(dir, readLinkTarget(join(dir, link))));
      if (!linked) files.push(join(dir, name));
    }
  }
  return files;
}

function readLinkTarget(file) {
  return readFileSync(file, "utf8").trim().split(/\s+/)[0];
}

/** Merges the same package from several roots (see the header). */
function mergePackages(found, warnings) {
  const byName = new Map();
  for (const pkg of found) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  const merged = [];
  for (const [name, copies] of byName) {
    const versioned = new Map();
    for (const copy of copies.filter((c) => c.version)) {
      const into = versioned.get(copy.version);
      if (into) mergeInto(into, copy);
      else
        versioned.set(copy.version, {
          ...copy,
          streams: [...copy.streams],
          fieldFiles: [...copy.fieldFiles],
        });
    }
    const unversioned = copies.filter((c) => !c.version);
    if (versioned.size === 0) {
      warnings.push(`package ${name}: no version in any manifest.yml; skipped`);
      continue;
    }
    const newest = [...versioned.values()].sort((a, b) => compareVersions(b.version, a.version))[0];
    for (const copy of unversioned) mergeInto(newest, copy);
    merged.push(...versioned.values());
  }
  return merged;
}

function mergeInto(target, copy) {
  target.title ??= copy.title;
  target.kibana ??= copy.kibana;
  target.fieldFiles.push(...copy.fieldFiles);
  for (const stream of copy.streams) {
    const existing = target.streams.find((s) => s.name === stream.name);
    if (existing) existing.fieldFiles.push(...stream.fieldFiles);
    else target.streams.push(stream);
  }
}

/** All fields of a data stream, flat, sorted by name, in the compact form src/catalog/integrations.ts reads. */
function streamFields(pkg, stream, warnings) {
  const fields = new Map();
  const aliases = [];
  for (const file of [...pkg.fieldFiles, ...stream.fieldFiles]) {
    const entries = readYaml(file) ?? [];
    const where = relative(process.cwd(), file);
    if (!Array.isArray(entries)) {
      warnings.push(`${where}: not a list of fields`);
      continue;
    }
    flatten(
      entries,
      "",
      (name, spec) => {
        if (spec.type === "alias") aliases.push({ name, spec });
        else define(fields, name, spec);
      },
      (problem) => warnings.push(`${where}: ${problem}`),
    );
  }
  for (const { name, spec } of aliases) {
    if (!fields.has(spec.path) && !EcsFlat[spec.path]) {
      warnings.push(`${stream.dataset}: alias ${name} points to unknown field ${spec.path}`);
      continue;
    }
    define(fields, name, spec);
  }
  const sorted = {};
  for (const name of [...fields.keys()].sort()) sorted[name] = compact(fields.get(name));
  return sorted;
}

function flatten(entries, prefix, emit, warn) {
  for (const entry of entries) {
    if (!entry || typeof entry !== "object" || typeof entry.name !== "string") {
      warn(`entry without a name under "${prefix}"`);
      continue;
    }
    // `name: headers.*` with object_type: every key below "headers" gets that type.
    const ownName = entry.name.replace(/\.\*$/, "");
    const name = prefix ? `${prefix}.${ownName}` : ownName;
    if (ownName.includes("*")) {
      warn(`${name}: a name pattern, not a field; left out`);
      continue;
    }
    if (entry.external !== undefined) {
      const spec = externalSpec(entry, name, warn);
      if (spec) emit(name, spec);
      continue;
    }
    const type = entry.type ?? (Array.isArray(entry.fields) ? "group" : "keyword");
    if (type === "array") {
      warn(`${name}: type array has no Elasticsearch mapping; left to dynamic mapping`);
      continue;
    }
    if (type !== "group") emit(name, ownSpec(entry, type));
    if (Array.isArray(entry.fields)) flatten(entry.fields, name, emit, warn);
  }
}

function ownSpec(entry, type) {
  const spec = { type };
  for (const key of KEPT_KEYS) if (entry[key] !== undefined) spec[key] = entry[key];
  if (entry.date_format !== undefined) spec.format = entry.date_format;
  if (Array.isArray(entry.multi_fields) && entry.multi_fields.length > 0) {
    spec.multi_fields = entry.multi_fields.map((m) => ({ ...pick(m, ["name", "type", ...KEPT_KEYS]) }));
  }
  return spec;
}

function externalSpec(entry, name, warn) {
  if (entry.external !== "ecs") {
    warn(`${name}: unknown external "${entry.external}"`);
    return undefined;
  }
  const ecs = EcsFlat[name] ?? reusedEcsField(name);
  if (!ecs) {
    if (entry.type) return { ...ownSpec(entry, entry.type) };
    warn(`${name}: "external: ecs" but ECS ${EcsVersion} has no such field; left out`);
    return undefined;
  }
  const spec = { type: ecs.type, ecs: true };
  for (const key of KEPT_KEYS) if (ecs[key] !== undefined) spec[key] = ecs[key];
  if (ecs.multi_fields?.length)
    spec.multi_fields = ecs.multi_fields.map((m) => ({ name: m.name, type: m.type }));
  // The entry's own keys refine the ECS definition (event.dataset: constant_keyword with a value).
  const own = ownSpec(entry, entry.type ?? spec.type);
  return { ...spec, ...own, ecs: true };
}

/**
 * ECS field sets that are only defined where they are reused (geo, os, as, ...) can be referenced by their own
 * name ("geo.city_name"): their definition is the one of any place ECS reuses them ("source.geo.city_name").
 */
function reusedEcsField(name) {
  const suffix = `.${name}`;
  const reused = Object.keys(EcsFlat).find((flat) => flat.endsWith(suffix));
  return reused === undefined ? undefined : EcsFlat[reused];
}

/**
 * Two definitions of one name in a data stream (ecs.yml and base-fields.yml both list event.dataset): the one
 * with a constant value wins, then an explicit definition over an ECS reference, else the first.
 */
function define(fields, name, spec) {
  const earlier = fields.get(name);
  if (!earlier) {
    fields.set(name, spec);
    return;
  }
  const rank = (s) => (s.value !== undefined ? 2 : s.ecs ? 0 : 1);
  if (rank(spec) > rank(earlier)) fields.set(name, spec);
}

/** A type alone is written as the string; other keys as an object. */
function compact(spec) {
  const keys = Object.keys(spec);
  if (keys.length === 1) return spec.type;
  return sortKeys(spec);
}

function pick(object, keys) {
  const out = {};
  for (const key of keys) if (object[key] !== undefined) out[key] = object[key];
  return out;
}

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}

function compareVersions(a, b) {
  const parts = (v) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return 1;
    if (pb[i] === undefined) return -1;
    return typeof pa[i] === "number" && typeof pb[i] === "number"
      ? pa[i] - pb[i]
      : String(pa[i]).localeCompare(String(pb[i]));
  }
  return 0;
}

function readYaml(file) {
  return loadYaml(readFileSync(file, "utf8"));
}

function isDir(path) {
  return existsSync(path) && statSync(path).isDirectory();
}

main(process.argv.slice(2));
