/**
 * The one registry of finding codes: every code a loader or check can emit, collected from the groups its
 * producer declares next to itself. `dac validate --list-checks` prints it; configuration is checked against it.
 */
import { EXPORT_CODES } from "../deploy/codes.js";
import { EQL_SYNTAX_CODES } from "../eql/codes.js";
import { ESQL_RULE_CODES, ESQL_SYNTAX_CODES } from "../esql/codes.js";
import { KQL_SYNTAX_CODES } from "../kql/codes.js";
import { VERSION_LOCK_CODES } from "../repository/codes.js";
import { FORMAT_CODE_DECLARATIONS, LOAD_CODE_DECLARATIONS } from "../schema/toml/codes.js";
import { nearest } from "../text/nearest.js";
import { PIPELINE_CODES, REPOSITORY_CODES } from "../validate/codes.js";
import {
  CONTENT_CODES,
  CROSS_FIELD_CODES,
  METADATA_CODES,
  SCHEDULE_CODES,
  TAG_CODES,
} from "../validate/conventions/codes.js";
import { FIELD_CODES } from "../validate/fields/codes.js";
import { MITRE_CODES } from "../validate/mitre/codes.js";
import { DETECTION_RULES_CODES } from "../validate/profiles/codes.js";
import { SCHEMA_CODES } from "../validate/stages/codes.js";
import type { CodeDeclaration, CodeGroup, CodeSetting } from "./code.js";
import type { FindingSeverity } from "./finding.js";

/** In the order `--list-checks` and the README show them: reading, then the validation stages, then the rest. */
const GROUPS = [
  LOAD_CODE_DECLARATIONS,
  SCHEMA_CODES,
  KQL_SYNTAX_CODES,
  ESQL_SYNTAX_CODES,
  EQL_SYNTAX_CODES,
  SCHEDULE_CODES,
  CROSS_FIELD_CODES,
  FIELD_CODES,
  ESQL_RULE_CODES,
  MITRE_CODES,
  TAG_CODES,
  CONTENT_CODES,
  METADATA_CODES,
  DETECTION_RULES_CODES,
  REPOSITORY_CODES,
  VERSION_LOCK_CODES,
  EXPORT_CODES,
  FORMAT_CODE_DECLARATIONS,
  PIPELINE_CODES,
] as const;

type CodesOf<Group> = Group extends CodeGroup<infer Codes> ? keyof Codes : never;

/** Every finding code dac can emit. */
export type FindingCode = CodesOf<(typeof GROUPS)[number]>;

/** One row of the registry. */
export interface RegisteredCode extends CodeDeclaration {
  code: FindingCode;
  area: string;
}

/** Every code, in the order of its groups; a code declared twice is a bug caught at start-up. */
export const FINDING_CODES: readonly RegisteredCode[] = collect(GROUPS);

const BY_CODE = new Map(FINDING_CODES.map((entry) => [entry.code as string, entry]));

function collect(groups: readonly CodeGroup<Record<string, CodeDeclaration>>[]): RegisteredCode[] {
  const rows: RegisteredCode[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    for (const [code, declaration] of Object.entries(group.codes)) {
      if (seen.has(code)) throw new Error(`finding code "${code}" is declared twice`);
      seen.add(code);
      rows.push({ code: code as FindingCode, area: group.area, ...declaration });
    }
  }
  return rows;
}

export function isFindingCode(code: string): code is FindingCode {
  return BY_CODE.has(code);
}

/** The severity a code gets before configuration; undefined for a code dac does not declare. */
export function defaultSetting(code: string): CodeSetting | undefined {
  return BY_CODE.get(code)?.severity;
}

/** Severity to stamp on a new finding; off-by-default codes are stamped info until configuration decides. */
export function defaultSeverity(code: FindingCode): FindingSeverity {
  const setting = BY_CODE.get(code)?.severity ?? "error";
  return setting === "off" ? "info" : setting;
}

/** The registered code closest to `code` by edit distance, for "did you mean" messages. */
export function nearestCode(code: string): FindingCode {
  return nearest(code, BY_CODE.keys()) as FindingCode;
}
