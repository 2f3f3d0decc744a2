import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { load as loadYaml } from "js-yaml";
import { ECS_VERSION, ecsFieldSpecs } from "./ecs.js";
import { FieldsFileError, parseFieldsYml } from "./fields-yml.js";
/** Builds a schema from its fields. */
export function fieldSchema(name, fields, pkg) {
    const objects = new Set();
    for (const field of fields.keys()) {
        for (let dot = field.indexOf("."); dot > 0; dot = field.indexOf(".", dot + 1))
            objects.add(field.slice(0, dot));
    }
    return { name, ...(pkg === undefined ? {} : { package: pkg }), fields, objects };
}
export function createCatalogCache() {
    return { schemas: new Map() };
}
const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../data/fields/", import.meta.url));
/** Opens a catalog; cheap: field files are parsed when a schema is first asked for. */
export function openCatalog(options = {}) {
    const cache = options.cache ?? createCatalogCache();
    const dataDir = options.dataDir ?? DEFAULT_DATA_DIR;
    cache.packages ??= readPackages(dataDir);
    const sources = new Map();
    for (const pkg of cache.packages.values()) {
        for (const [stream, file] of Object.entries(pkg.files)) {
            const name = `${pkg.name}.${stream}`;
            sources.set(name, { name, package: pkg.name, files: [join(dataDir, file)] });
        }
    }
    for (const [name, files] of Object.entries(options.fields ?? {})) {
        const existing = sources.get(name);
        sources.set(name, {
            name,
            package: existing?.package ?? name.split(".")[0],
            files: [...(existing?.files ?? []), ...files],
        });
    }
    return { ecsVersion: ECS_VERSION, sources, packages: cache.packages, cache };
}
export function ecsSchema(catalog) {
    catalog.cache.ecs ??= fieldSchema("ecs", ecsFieldSpecs());
    return catalog.cache.ecs;
}
/** The schema of that name, parsed on first use; undefined when the catalog has none. Throws FieldsFileError. */
export function catalogSchema(catalog, name) {
    const source = catalog.sources.get(name);
    if (!source)
        return undefined;
    const key = `${name}\0${source.files.join("\0")}`;
    const cached = catalog.cache.schemas.get(key);
    if (cached)
        return cached;
    const ecs = ecsSchema(catalog).fields;
    const fields = new Map();
    for (const file of source.files) {
        for (const [field, spec] of parseFieldsYml(readText(file), { file, source: name, ecs }))
            fields.set(field, spec);
    }
    const schema = fieldSchema(name, fields, source.package);
    catalog.cache.schemas.set(key, schema);
    return schema;
}
function readText(file) {
    try {
        return readFileSync(file, "utf8");
    }
    catch (error) {
        throw new FieldsFileError(file, { line: 1, column: 1 }, `cannot read field file: ${error.message}`);
    }
}
function readPackages(dataDir) {
    const file = join(dataDir, "packages.yml");
    const raw = loadYaml(readText(file));
    const packages = new Map();
    for (const [name, entry] of Object.entries(raw ?? {})) {
        const streams = (entry.data_streams ?? {});
        if (typeof entry.version !== "string") {
            throw new FieldsFileError(file, { line: 1, column: 1 }, `package ${name} has no version`);
        }
        packages.set(name, {
            name,
            ...(typeof entry.title === "string" ? { title: entry.title } : {}),
            version: entry.version,
            dataStreams: Object.keys(streams),
            beats: Array.isArray(entry.beats) ? entry.beats.map(String) : [],
            files: streams,
        });
    }
    return packages;
}
