#!/usr/bin/env node
// Builds data/mitre/attack.json, the compact MITRE ATT&CK Enterprise catalog dac validates against.
//
// Usage: node tools/mitre/build.mjs SOURCE.json [OUT.json]
//
// SOURCE is either
//  - a MITRE STIX bundle (enterprise-attack.json from github.com/mitre/cti), or
//  - a flattened catalog with `tactics`, `techniques`, `subtechniques` (id, name, tactics as shortnames,
//    technique parent) and `redirects` (old id -> replacement id).
// Only ids, names and relations are kept: reference URLs follow from ids (see src/validate/mitre/catalog.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [source, out = join(dirname(fileURLToPath(import.meta.url)), "../../data/mitre/attack.json")] =
  process.argv.slice(2);
if (!source) {
  process.stderr.write("usage: node tools/mitre/build.mjs SOURCE.json [OUT.json]\n");
  process.exit(2);
}

const input = JSON.parse(readFileSync(source, "utf8"));
const catalog = input.type === "bundle" ? fromStix(input) : fromFlat(input);
checkConsistency(catalog);
writeFileSync(out, serialize(catalog));
process.stdout.write(
  `wrote ${out}: ATT&CK ${catalog.version}, ${Object.keys(catalog.tactics).length} tactics, ` +
    `${Object.keys(catalog.techniques).length} techniques, ${Object.keys(catalog.subtechniques).length} sub-techniques, ` +
    `${Object.keys(catalog.redirects).length} redirects\n`,
);

function fromFlat(flat) {
  const tacticIdByShortname = new Map(
    flat.tactics.map((t) => [t.shortname ?? t.name.toLowerCase().replaceAll(" ", "-"), t.id]),
  );
  const tacticIds = (shortnames) =>
    shortnames.map((s) => required(tacticIdByShortname.get(s), `tactic ${s}`));
  return {
    version: String(flat.source?.attack_version ?? flat.version ?? "unknown"),
    tactics: byId(flat.tactics.map((t) => [t.id, { name: t.name }])),
    techniques: byId(flat.techniques.map((t) => [t.id, { name: t.name, tactics: tacticIds(t.tactics) }])),
    subtechniques: byId(
      flat.subtechniques.map((s) => [
        s.id,
        { name: s.name, technique: s.technique, tactics: tacticIds(s.tactics) },
      ]),
    ),
    redirects: byId(Object.entries(flat.redirects ?? {})),
  };
}

function fromStix(bundle) {
  const attackId = (o) => o.external_references?.find((r) => r.source_name === "mitre-attack")?.external_id;
  const objects = bundle.objects.filter((o) => attackId(o));
  const current = objects.filter((o) => !o.revoked && !o.x_mitre_deprecated);
  const tactics = current.filter((o) => o.type === "x-mitre-tactic");
  const tacticIdByShortname = new Map(tactics.map((t) => [t.x_mitre_shortname, attackId(t)]));
  const phases = (o) =>
    (o.kill_chain_phases ?? [])
      .filter((p) => p.kill_chain_name === "mitre-attack")
      .map((p) => required(tacticIdByShortname.get(p.phase_name), `tactic ${p.phase_name}`));
  const patterns = current.filter((o) => o.type === "attack-pattern");
  const idByStixId = new Map(objects.map((o) => [o.id, attackId(o)]));
  const redirects = [];
  for (const rel of bundle.objects) {
    if (rel.type !== "relationship" || rel.relationship_type !== "revoked-by") continue;
    const from = idByStixId.get(rel.source_ref);
    const to = idByStixId.get(rel.target_ref);
    if (from && to && from !== to) redirects.push([from, to]);
  }
  const collection = bundle.objects.find((o) => o.type === "x-mitre-collection");
  return {
    version: String(collection?.x_mitre_version ?? "unknown"),
    tactics: byId(tactics.map((t) => [attackId(t), { name: t.name }])),
    techniques: byId(
      patterns
        .filter((p) => !p.x_mitre_is_subtechnique)
        .map((p) => [attackId(p), { name: p.name, tactics: phases(p) }]),
    ),
    subtechniques: byId(
      patterns
        .filter((p) => p.x_mitre_is_subtechnique)
        .map((p) => [
          attackId(p),
          { name: p.name, technique: attackId(p).split(".")[0], tactics: phases(p) },
        ]),
    ),
    redirects: byId(redirects),
  };
}

function checkConsistency(catalog) {
  for (const [id, sub] of Object.entries(catalog.subtechniques)) {
    required(catalog.techniques[sub.technique], `parent ${sub.technique} of ${id}`);
  }
  for (const [from, to] of Object.entries(catalog.redirects)) {
    if (catalog.techniques[from] || catalog.subtechniques[from])
      throw new Error(`redirect from current id ${from}`);
    let target = to;
    for (let hops = 0; catalog.redirects[target]; hops++) {
      if (hops > 10) throw new Error(`redirect cycle at ${from}`);
      target = catalog.redirects[target];
    }
    required(catalog.techniques[target] ?? catalog.subtechniques[target], `redirect target ${to} of ${from}`);
  }
}

/** One entry per line: small, diffable when ATT&CK is updated. */
function serialize(catalog) {
  const section = (entries) =>
    `{\n${Object.entries(entries)
      .map(([id, value]) => `    ${JSON.stringify(id)}: ${JSON.stringify(value)}`)
      .join(",\n")}\n  }`;
  const body = Object.entries(catalog)
    .map(
      ([key, value]) =>
        `  ${JSON.stringify(key)}: ${typeof value === "object" ? section(value) : JSON.stringify(value)}`,
    )
    .join(",\n");
  return `{\n${body}\n}\n`;
}

function byId(entries) {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function required(value, what) {
  if (value === undefined) throw new Error(`unknown ${what}`);
  return value;
}
