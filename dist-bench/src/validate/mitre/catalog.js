import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
export const MITRE_CATALOG_FILE = fileURLToPath(new URL("../../../data/mitre/attack.json", import.meta.url));
export function loadMitreCatalog(file = MITRE_CATALOG_FILE) {
    return JSON.parse(readFileSync(file, "utf8"));
}
export const TACTIC_ID = /^TA\d{4}$/;
export const TECHNIQUE_ID = /^T\d{4}$/;
export const SUBTECHNIQUE_ID = /^T\d{4}\.\d{3}$/;
/** The attack.mitre.org page of an id, as Kibana and detection-rules write it (with trailing slash). */
export function mitreReference(id) {
    if (TACTIC_ID.test(id))
        return `https://attack.mitre.org/tactics/${id}/`;
    const [technique, sub] = id.split(".");
    return sub === undefined
        ? `https://attack.mitre.org/techniques/${technique}/`
        : `https://attack.mitre.org/techniques/${technique}/${sub}/`;
}
/** Follows redirects (some chains have two steps) to the current id; undefined when `id` is not redirected. */
export function replacementOf(catalog, id) {
    let target = catalog.redirects[id];
    for (let hops = 0; target !== undefined && catalog.redirects[target] !== undefined && hops < 10; hops++) {
        target = catalog.redirects[target];
    }
    return target;
}
/** Name of a current technique or sub-technique id. */
export function techniqueName(catalog, id) {
    return catalog.techniques[id]?.name ?? catalog.subtechniques[id]?.name;
}
