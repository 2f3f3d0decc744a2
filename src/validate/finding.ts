export type FindingSeverity = "error" | "warning" | "info";

/** One problem found in a rule file; every producer of findings uses this shape. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  rule_id?: string;
  code: string;
  severity: FindingSeverity;
  message: string;
  hint?: string;
}
