import type { FindingSeverity } from "./finding.js";

/** A code's severity before configuration; "off" codes are produced and then dropped unless enabled. */
export type CodeSetting = FindingSeverity | "off";

/** One finding code as its producer declares it (pySigma style: the check owns its issue definitions). */
export interface CodeDeclaration {
  severity: CodeSetting;
  description: string;
}

/** A producer's codes: the area they belong to (a column of `dac validate --list-checks`) and each code. */
export interface CodeGroup<Codes extends Record<string, CodeDeclaration>> {
  area: string;
  codes: Codes;
}

/** Declares the codes one loader or check can emit; the registry (src/findings/registry.ts) collects the groups. */
export function defineCodes<const Codes extends Record<string, CodeDeclaration>>(
  area: string,
  codes: Codes,
): CodeGroup<Codes> {
  return { area, codes };
}
