/**
 * Which ATT&CK tactics, techniques and sub-techniques the rules cover, from each rule's `threat` mapping.
 * A rule counts towards a score when it is in production and enabled; other active rules are listed but not
 * counted, deprecated ones are left out.
 */

import type { RuleFile } from "../schema/rule-file.js";
import { inDeprecatedDirectory } from "../validate/check.js";
import type { MitreCatalog } from "../validate/mitre/catalog.js";
import { isRecord } from "../validate/values.js";

/** ATT&CK Enterprise tactics in the order of the matrix, left to right. */
export const MATRIX_TACTICS = [
  "TA0043",
  "TA0042",
  "TA0001",
  "TA0002",
  "TA0003",
  "TA0004",
  "TA0005",
  "TA0006",
  "TA0007",
  "TA0008",
  "TA0009",
  "TA0011",
  "TA0010",
  "TA0040",
] as const;

export interface CoverageRule {
  name: string;
  ruleId?: string;
  file: string;
  /** Production and enabled: counted in scores. */
  counted: boolean;
  /** Why a listed rule is not counted ("development", "disabled"). */
  note?: string;
}

export interface CoverageCell {
  /** Technique or sub-technique id. */
  id: string;
  name: string;
  /** Counted rules first, then by name. */
  rules: CoverageRule[];
  /** Number of counted rules. */
  score: number;
}

export interface TechniqueCoverage extends CoverageCell {
  /** Sub-techniques some rule maps, by id. */
  subtechniques: CoverageCell[];
}

export interface TacticCoverage {
  id: string;
  name: string;
  /** Navigator's short name: "privilege-escalation". */
  shortName: string;
  /** Every technique of the tactic in the catalog, covered or not, sorted by name. */
  techniques: TechniqueCoverage[];
  /** Rules mapping the tactic (with or without a technique). */
  rules: CoverageRule[];
  score: number;
}

export interface Coverage {
  attackVersion: string;
  tactics: TacticCoverage[];
  /** Active rules with an ATT&CK mapping / counted among them. */
  mappedRules: number;
  countedRules: number;
}

export interface CoverageOptions {
  /** `enabled` for rules that do not set it (an environment's default); default true. */
  enabledByDefault?: boolean;
}

export function attackCoverage(
  files: readonly RuleFile[],
  catalog: MitreCatalog,
  options: CoverageOptions = {},
): Coverage {
  const tactics = new Map<string, TacticCoverage>(
    MATRIX_TACTICS.filter((id) => catalog.tactics[id]).map((id) => [id, emptyTactic(id, catalog)]),
  );
  let mappedRules = 0;
  let countedRules = 0;
  for (const file of files) {
    const rule = coverageRule(file, options);
    if (!rule) continue;
    const mappings = attackMappings(file.rule?.threat);
    if (mappings.length === 0) continue;
    mappedRules++;
    if (rule.counted) countedRules++;
    for (const mapping of mappings) {
      const tactic = tactics.get(mapping.tactic);
      if (!tactic) continue;
      addRule(tactic, rule);
      for (const technique of mapping.techniques) {
        const cell = techniqueCell(tactic, technique.id, catalog);
        addRule(cell, rule);
        for (const sub of technique.subtechniques) addRule(subtechniqueCell(cell, sub, catalog), rule);
      }
    }
  }
  return { attackVersion: catalog.version, tactics: [...tactics.values()], mappedRules, countedRules };
}

function coverageRule(file: RuleFile, options: CoverageOptions): CoverageRule | undefined {
  const rule = file.rule;
  if (!rule) return undefined;
  const maturity = file.metadata?.maturity;
  if (maturity === "deprecated" || inDeprecatedDirectory(file.path)) return undefined;
  const enabled = typeof rule.enabled === "boolean" ? rule.enabled : (options.enabledByDefault ?? true);
  const production = maturity === undefined || maturity === "production";
  const note = !production ? String(maturity) : !enabled ? "disabled" : undefined;
  return {
    name: typeof rule.name === "string" ? rule.name : file.path,
    ...(typeof rule.rule_id === "string" ? { ruleId: rule.rule_id } : {}),
    file: file.path,
    counted: note === undefined,
    ...(note === undefined ? {} : { note }),
  };
}

interface AttackMapping {
  tactic: string;
  techniques: { id: string; subtechniques: string[] }[];
}

/** The MITRE ATT&CK entries of a rule's `threat` list, as ids. */
function attackMappings(threat: unknown): AttackMapping[] {
  if (!Array.isArray(threat)) return [];
  const mappings: AttackMapping[] = [];
  for (const entry of threat) {
    if (!isRecord(entry) || entry.framework !== "MITRE ATT&CK" || !isRecord(entry.tactic)) continue;
    const techniques = (Array.isArray(entry.technique) ? entry.technique : []).filter(isRecord).map((t) => ({
      id: String(t.id),
      subtechniques: (Array.isArray(t.subtechnique) ? t.subtechnique : [])
        .filter(isRecord)
        .map((s) => String(s.id)),
    }));
    mappings.push({ tactic: String(entry.tactic.id), techniques });
  }
  return mappings;
}

function emptyTactic(id: string, catalog: MitreCatalog): TacticCoverage {
  const name = catalog.tactics[id].name;
  const techniques = Object.entries(catalog.techniques)
    .filter(([, technique]) => technique.tactics.includes(id))
    .map(
      ([techniqueId, technique]): TechniqueCoverage => ({
        id: techniqueId,
        name: technique.name,
        rules: [],
        score: 0,
        subtechniques: [],
      }),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  return { id, name, shortName: name.toLowerCase().replaceAll(" ", "-"), techniques, rules: [], score: 0 };
}

/** The technique's cell under the tactic; a technique the catalog does not list there gets a cell of its own. */
function techniqueCell(tactic: TacticCoverage, id: string, catalog: MitreCatalog): TechniqueCoverage {
  let cell = tactic.techniques.find((technique) => technique.id === id);
  if (!cell) {
    cell = { id, name: catalog.techniques[id]?.name ?? id, rules: [], score: 0, subtechniques: [] };
    tactic.techniques.push(cell);
  }
  return cell;
}

function subtechniqueCell(technique: TechniqueCoverage, id: string, catalog: MitreCatalog): CoverageCell {
  let cell = technique.subtechniques.find((sub) => sub.id === id);
  if (!cell) {
    cell = { id, name: catalog.subtechniques[id]?.name ?? id, rules: [], score: 0 };
    technique.subtechniques.push(cell);
    technique.subtechniques.sort((a, b) => a.id.localeCompare(b.id));
  }
  return cell;
}

function addRule(cell: { rules: CoverageRule[]; score: number }, rule: CoverageRule): void {
  if (cell.rules.some((listed) => listed.file === rule.file)) return;
  cell.rules.push(rule);
  cell.rules.sort((a, b) => Number(b.counted) - Number(a.counted) || a.name.localeCompare(b.name));
  if (rule.counted) cell.score++;
}
