import { defineCodes } from "../../findings/code.js";

/** The MITRE ATT&CK check: the threat mapping against the shipped ATT&CK catalog. */
export const MITRE_CODES = defineCodes("MITRE ATT&CK", {
  "mitre-id-malformed": {
    severity: "error",
    description: "ATT&CK id not of the form TA0000 / T0000 / T0000.000",
  },
  "mitre-id-unknown": { severity: "error", description: "ATT&CK id not in the shipped ATT&CK catalog" },
  "mitre-id-revoked": {
    severity: "warning",
    description: "ATT&CK id revoked or deprecated; use its replacement",
  },
  "mitre-name-mismatch": { severity: "warning", description: "ATT&CK name does not match the id" },
  "mitre-reference-mismatch": {
    severity: "warning",
    description: "ATT&CK reference URL does not match the id",
  },
  "mitre-tactic-mismatch": {
    severity: "error",
    description: "technique does not belong to the tactic it is mapped under",
  },
  "mitre-subtechnique-parent": {
    severity: "error",
    description: "sub-technique does not belong to its technique",
  },
});
