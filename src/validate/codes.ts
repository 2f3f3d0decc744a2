import { defineCodes } from "../findings/code.js";

/** The checks over all rules together. */
export const REPOSITORY_CODES = defineCodes("Repository", {
  "rule-id-duplicate": { severity: "error", description: "rule_id used by more than one rule file" },
  "name-duplicate": { severity: "warning", description: "rule name used by more than one active rule" },
});

/** The validation pipeline itself: a check that throws becomes a finding so the other checks still run. */
export const PIPELINE_CODES = defineCodes("Internal", {
  "internal-error": { severity: "error", description: "a check failed unexpectedly (a bug in dac)" },
});
