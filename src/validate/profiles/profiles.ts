/**
 * Named sets of check settings for `profile:` in dac.config.yaml. A profile changes code defaults only:
 * `checks:` in the configuration still wins for every code.
 */
import type { CheckSetting } from "../../config/config.js";

export const PROFILES = {
  /** Everything Elastic's detection-rules repository enforces on its rules, as errors. */
  "detection-rules": {
    // detection-rules' own conventions (src/validate/profiles/detection-rules-checks.ts)
    "file-name-format": "error",
    "file-name-tactic": "error",
    "bbr-location": "error",
    "bbr-lookback": "error",
    "from-format": "error",
    "timestamp-override": "error",
    "endpoint-lookback": "error",
    "eql-maxspan": "error",
    "tag-prefix": "error",
    "tag-casing": "error",
    "tag-required": "error",
    "tag-primary-tactic": "error",
    "max-signals": "error",
    license: "error",
    "investigation-guide": "error",
    "maturity-missing": "error",
    "min-stack-version": "error",
    "integration-missing": "error",
    "kql-not-optimized": "error",
    "rule-id-format": "error",
    // dac's checks that detection-rules' loader or tests also fail on
    "metadata-date-missing": "error",
    "metadata-date-order": "error",
    "mitre-id-revoked": "error",
    "mitre-name-mismatch": "error",
    "mitre-reference-mismatch": "error",
    "severity-risk-band": "error",
    "tag-duplicate": "error",
    "version-lock-type-changed": "error",
    "unknown-key": "error",
  },
} as const satisfies Record<string, Record<string, CheckSetting>>;

export type ProfileName = keyof typeof PROFILES;

export function isProfileName(name: string): name is ProfileName {
  return Object.hasOwn(PROFILES, name);
}

/** The profile's setting for a code, if it has one. */
export function profileSetting(profile: ProfileName | undefined, code: string): CheckSetting | undefined {
  return profile === undefined ? undefined : (PROFILES[profile] as Record<string, CheckSetting>)[code];
}
