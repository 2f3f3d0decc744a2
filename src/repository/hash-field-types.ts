/**
 * The field types detection-rules looks up when it computes `required_fields` for its content hash
 * (data/detection-rules/field-types.json, built by tools/detection-rules/build.mjs from its etc/ folder): ECS of
 * the release's stack, the Beats schema, the Endgame schema. Read once per process, on first use.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Field name → type. */
export type TypeMap = ReadonlyMap<string, string>;

/** Fields grouped by type, as the data file stores them. */
type Grouped = Record<string, string[]>;

interface BeatData {
  fields: Grouped;
  modules: Record<string, { fields: Grouped; datasets: Record<string, Grouped> }>;
}

interface FieldTypesFile {
  stack_version: string;
  ecs_version: string;
  ecs: Grouped;
  endgame: Grouped;
  beats: Record<string, BeatData>;
}

export interface HashFieldTypes {
  stackVersion: string;
  ecs: TypeMap;
  endgame: TypeMap;
  /**
   * detection-rules' beats schema for a rule: the common fields of each beat its indices name, then of each
   * module (the query's event.module values, else the packages of its datasets) the module's own fields and
   * those of the query's datasets (every dataset of the module when the query names none).
   */
  beats(beats: readonly string[], modules: ReadonlySet<string>, datasets: ReadonlySet<string>): TypeMap;
}

const DATA_FILE = fileURLToPath(new URL("../../data/detection-rules/field-types.json", import.meta.url));

let loaded: HashFieldTypes | undefined;

/** The shipped types, read on first use. */
export function hashFieldTypes(): HashFieldTypes {
  loaded ??= readHashFieldTypes(DATA_FILE);
  return loaded;
}

/** Types from a file tools/detection-rules/build.mjs wrote. */
export function readHashFieldTypes(path: string): HashFieldTypes {
  return fromFile(JSON.parse(readFileSync(path, "utf8")) as FieldTypesFile);
}

function fromFile(data: FieldTypesFile): HashFieldTypes {
  return {
    stackVersion: data.stack_version,
    ecs: ungroup(data.ecs),
    endgame: ungroup(data.endgame),
    beats: (beats, modules, datasets) => beatsSchema(data.beats, beats, modules, datasets),
  };
}

function beatsSchema(
  data: Record<string, BeatData>,
  beats: readonly string[],
  queryModules: ReadonlySet<string>,
  datasets: ReadonlySet<string>,
): TypeMap {
  const modules =
    queryModules.size > 0
      ? queryModules
      : new Set([...datasets].filter((ds) => ds.includes(".")).map((ds) => ds.split(".")[0]));
  const schema = new Map<string, string>();
  const add = (grouped: Grouped | undefined) => {
    for (const [type, names] of Object.entries(grouped ?? {}))
      for (const name of names) schema.set(name, type);
  };
  for (const beat of beats) {
    const beatData = data[beat];
    if (!beatData) continue;
    add(beatData.fields);
    for (const module of modules) {
      const moduleData = beatData.modules[module];
      if (!moduleData) continue;
      const wanted = datasets.size > 0 ? [...datasets] : Object.keys(moduleData.datasets);
      for (const dataset of wanted) {
        const own = dataset.startsWith(`${module}.`) ? dataset.slice(module.length + 1) : dataset;
        add(Object.hasOwn(moduleData.datasets, own) ? moduleData.datasets[own] : undefined);
      }
      add(moduleData.fields);
    }
  }
  return schema;
}

function ungroup(grouped: Grouped): TypeMap {
  const map = new Map<string, string>();
  for (const [type, names] of Object.entries(grouped)) for (const name of names) map.set(name, type);
  return map;
}
