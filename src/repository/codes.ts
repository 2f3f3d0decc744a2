import { defineCodes } from "../findings/code.js";

/** What `dac validate` reports against etc/version.lock.json and etc/deprecated_rules.json. */
export const VERSION_LOCK_CODES = defineCodes("Version lock", {
  "version-lock-stale": {
    severity: "warning",
    description: "content changed since the version in version.lock.json was locked",
  },
  "version-lock-unverified": {
    severity: "info",
    description:
      "content hash differs from the lock, but an input dac lacks (field schemas, ES|QL fields) may be the cause",
  },
  "version-lock-type-changed": { severity: "error", description: "rule type differs from the locked type" },
  "version-lock-version-decreased": {
    severity: "error",
    description: "rule version below the locked version",
  },
  "deprecated-rule-reactivated": {
    severity: "error",
    description: "active rule whose rule_id is listed in deprecated_rules.json",
  },
});
