import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Compact MITRE ATT&CK Enterprise catalog (data/mitre/attack.json, built by tools/mitre/build.mjs). */
export interface MitreCatalog {
  version: string;
  tactics: Record<string, { name: string }>;
  /** Technique id -> name and the ids of the tactics it belongs to. */
  techniques: Record<string, { name: string; tactics: string[] }>;
  subtechniques: Record<string, { name: string; technique: string; tactics: string[] }>;
  /** Revoked or deprecated id -> the id that replaces it (may itself be redirected again). */
  redirects: Record<string, string>;
}

export const MITRE_CATALOG_FILE = fileURLToPath(new URL("../../../data/mitre/attack.json", import.meta.url));

export function loadMitreCatalog(file: string = MITRE_CATALOG_FILE): MitreCatalog {
  return JSON.parse(readFileSync(file, "utf8")) as MitreCatalog;
}

export const TACTIC_ID = /^TA\d{4}$/;
export const TECHNIQUE_ID = /^T\d{4}$/;
export const SUBTECHNIQUE_ID = /^T\d{4}\.\d{3}$/;

/** The attack.mitre.org page of an id, as Kibana and detection-rules write it (with trailing slash). */
export function mitreReference(id: string): string {
  if (TACTIC_ID.test(id)) return `https://attack.mitre.org/tactics/${id}/`;
  const [technique, sub] = id.split(".");
  return sub === undefined
    ? `https://attack.mitre.org/techniques/${technique}/`
    : `https://attack.mitre.org/techniques/${technique}/${sub}/`;
}

/** Follows redirects (some chains have two steps) to the current id; undefined when `id` is not redirected. */
export function replacementOf(catalog: MitreCatalog, id: string): string | undefined {
  let target = catalog.redirects[id];
  for (let hops = 0; target !== undefined && catalog.redirects[target] !== undefined && hops < 10; hops++) {
    target = catalog.redirects[target];
  }
  return target;
}

/** Name of a current technique or sub-technique id. */
export function techniqueName(catalog: MitreCatalog, id: string): string | undefined {
  return catalog.techniques[id]?.name ?? catalog.subtechniques[id]?.name;
}
