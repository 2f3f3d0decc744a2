import type { Finding } from "../../findings/finding.js";
import type { KeyPath } from "../../schema/source.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import { isRecord, records } from "../values.js";
import {
  type MitreCatalog,
  mitreReference,
  replacementOf,
  SUBTECHNIQUE_ID,
  TACTIC_ID,
  TECHNIQUE_ID,
  techniqueName,
} from "./catalog.js";

interface MitreEntry {
  id?: unknown;
  name?: unknown;
  reference?: unknown;
}

/** Checks every [[rule.threat]] entry with framework "MITRE ATT&CK" against the catalog. */
export function mitreCheck(catalog: MitreCatalog): RuleCheck {
  return (context) => {
    const threats = context.rule.threat;
    if (context.deprecated || !Array.isArray(threats)) return [];
    const findings: Finding[] = [];
    threats.forEach((threat, index) => {
      if (!isRecord(threat) || threat.framework !== "MITRE ATT&CK") return;
      const base: KeyPath = ["rule", "threat", index];
      const tactic = isRecord(threat.tactic) ? (threat.tactic as MitreEntry) : undefined;
      const tacticId = tactic
        ? checkTactic(context, catalog, tactic, [...base, "tactic"], findings)
        : undefined;
      records(threat.technique).forEach((technique, t) => {
        const path = [...base, "technique", t];
        const techniqueId = checkTechnique(context, catalog, technique, path, tacticId, findings);
        records(technique.subtechnique).forEach((sub, s) => {
          checkSubtechnique(
            context,
            catalog,
            sub,
            [...path, "subtechnique", s],
            techniqueId,
            tacticId,
            findings,
          );
        });
      });
    });
    return findings;
  };
}

function checkTactic(
  context: RuleContext,
  catalog: MitreCatalog,
  entry: MitreEntry,
  path: KeyPath,
  findings: Finding[],
): string | undefined {
  const id = wellFormedId(context, entry, path, TACTIC_ID, "tactic", "TA0001", findings);
  if (id === undefined) return undefined;
  const known = catalog.tactics[id];
  if (!known) {
    findings.push(findingAt(context, "mitre-id-unknown", [...path, "id"], `unknown ATT&CK tactic ${id}`));
    return undefined;
  }
  checkNameAndReference(context, entry, path, id, known.name, findings);
  return id;
}

function checkTechnique(
  context: RuleContext,
  catalog: MitreCatalog,
  entry: MitreEntry,
  path: KeyPath,
  tacticId: string | undefined,
  findings: Finding[],
): string | undefined {
  const id = wellFormedId(context, entry, path, TECHNIQUE_ID, "technique", "T1059", findings);
  if (id === undefined) return undefined;
  const known = catalog.techniques[id];
  if (!known) {
    findings.push(unknownOrRevoked(context, catalog, id, path, "technique"));
    return id;
  }
  checkNameAndReference(context, entry, path, id, known.name, findings);
  if (tacticId !== undefined && !known.tactics.includes(tacticId)) {
    findings.push(tacticMismatch(context, catalog, id, known.name, known.tactics, tacticId, path));
  }
  return id;
}

function checkSubtechnique(
  context: RuleContext,
  catalog: MitreCatalog,
  entry: MitreEntry,
  path: KeyPath,
  techniqueId: string | undefined,
  tacticId: string | undefined,
  findings: Finding[],
): void {
  const id = wellFormedId(context, entry, path, SUBTECHNIQUE_ID, "sub-technique", "T1059.001", findings);
  if (id === undefined) return;
  const known = catalog.subtechniques[id];
  if (!known) {
    findings.push(unknownOrRevoked(context, catalog, id, path, "sub-technique"));
    return;
  }
  checkNameAndReference(context, entry, path, id, known.name, findings);
  if (techniqueId !== undefined && known.technique !== techniqueId) {
    findings.push(
      findingAt(
        context,
        "mitre-subtechnique-parent",
        [...path, "id"],
        `sub-technique ${id} (${known.name}) belongs to technique ${known.technique}, not ${techniqueId}`,
        `move it under technique ${known.technique} (${catalog.techniques[known.technique]?.name ?? "?"})`,
      ),
    );
  } else if (
    tacticId !== undefined &&
    !known.tactics.includes(tacticId) &&
    // A parent already reported under the wrong tactic says it all.
    catalog.techniques[known.technique]?.tactics.includes(tacticId)
  ) {
    findings.push(tacticMismatch(context, catalog, id, known.name, known.tactics, tacticId, path));
  }
}

function wellFormedId(
  context: RuleContext,
  entry: MitreEntry,
  path: KeyPath,
  pattern: RegExp,
  kind: string,
  example: string,
  findings: Finding[],
): string | undefined {
  if (typeof entry.id === "string" && pattern.test(entry.id)) return entry.id;
  findings.push(
    findingAt(
      context,
      "mitre-id-malformed",
      [...path, "id"],
      `ATT&CK ${kind} id ${JSON.stringify(entry.id ?? null)} is not of the form ${example}`,
    ),
  );
  return undefined;
}

function checkNameAndReference(
  context: RuleContext,
  entry: MitreEntry,
  path: KeyPath,
  id: string,
  name: string,
  findings: Finding[],
): void {
  if (entry.name !== name) {
    findings.push(
      findingAt(
        context,
        "mitre-name-mismatch",
        [...path, "name"],
        `${id} is named "${name}", not ${JSON.stringify(entry.name ?? null)}`,
        `name = "${name}"`,
      ),
    );
  }
  const reference = mitreReference(id);
  if (entry.reference !== reference) {
    findings.push(
      findingAt(
        context,
        "mitre-reference-mismatch",
        [...path, "reference"],
        `reference of ${id} should be ${reference}, not ${JSON.stringify(entry.reference ?? null)}`,
        `reference = "${reference}"`,
      ),
    );
  }
}

function unknownOrRevoked(
  context: RuleContext,
  catalog: MitreCatalog,
  id: string,
  path: KeyPath,
  kind: string,
): Finding {
  const replacement = replacementOf(catalog, id);
  if (replacement === undefined) {
    return findingAt(
      context,
      "mitre-id-unknown",
      [...path, "id"],
      `unknown ATT&CK ${kind} ${id} (ATT&CK v${catalog.version})`,
    );
  }
  return findingAt(
    context,
    "mitre-id-revoked",
    [...path, "id"],
    `ATT&CK ${kind} ${id} is revoked or deprecated; it was replaced by ${replacement} (${techniqueName(catalog, replacement) ?? "?"})`,
    `map to ${replacement} instead (${mitreReference(replacement)})`,
  );
}

function tacticMismatch(
  context: RuleContext,
  catalog: MitreCatalog,
  id: string,
  name: string,
  tactics: readonly string[],
  tacticId: string,
  path: KeyPath,
): Finding {
  const names = tactics.map((t) => `${t} ${catalog.tactics[t]?.name ?? "?"}`).join(", ");
  return findingAt(
    context,
    "mitre-tactic-mismatch",
    [...path, "id"],
    `${id} (${name}) does not belong to tactic ${tacticId} (${catalog.tactics[tacticId]?.name ?? "?"}); its tactics: ${names}`,
    "map it under one of its own tactics",
  );
}
