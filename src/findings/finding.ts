import type { FindingCode } from "./registry.js";

export type FindingSeverity = "error" | "warning" | "info";

/** One problem found in a rule file; every producer of findings uses this shape. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  rule_id?: string;
  /** Declared in the registry (src/findings/registry.ts), so every code is listed by `dac validate --list-checks`. */
  code: FindingCode;
  severity: FindingSeverity;
  message: string;
  hint?: string;
}
