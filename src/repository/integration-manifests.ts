/**
 * detection-rules' `etc/integration-manifests.json.gz`: every version of every integration package a rule may
 * name, with the Kibana versions it installs on. From it, the `related_integrations` version of a package for a
 * stack: the oldest version of the newest major that installs on that stack, as `^X.Y.Z` (stacks before 9.5)
 * or `>=X.Y.Z` (9.5 and later), as detection-rules computes it.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DacError } from "../errors.js";

export interface PackageManifest {
  conditions?: { kibana?: { version?: string } };
  policy_templates?: string[];
}

/** Package name → package version → manifest. */
export type IntegrationManifests = Record<string, Record<string, PackageManifest>>;

export function readIntegrationManifests(path: string): IntegrationManifests {
  try {
    return JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as IntegrationManifests;
  } catch (error) {
    throw new DacError("input", `cannot read integration manifests: ${(error as Error).message}`, {
      location: { file: path },
    });
  }
}

type Version = [number, number, number];

/** From stack 9.5 on, related_integrations versions are lower bounds rather than caret ranges. */
const GTE_FROM_STACK: Version = [9, 5, 0];

/** The related_integrations version of `pkg` for `stack` ("9.6"); undefined when no version installs on it. */
export function relatedIntegrationVersion(
  manifests: IntegrationManifests,
  pkg: string,
  stack: string,
): string | undefined {
  return relatedIntegrationRelease(manifests, pkg, stack)?.version;
}

/**
 * The package release a rule relates to on `stack`: its related_integrations version and the policy templates
 * of that release (an entry keeps its `integration` only when the release has that policy template).
 */
export function relatedIntegrationRelease(
  manifests: IntegrationManifests,
  pkg: string,
  stack: string,
): { version: string; policyTemplates: string[] } | undefined {
  const versions = Object.keys(manifests[pkg] ?? {});
  const target = parseVersion(stack);
  const majors = [...new Set(versions.map((v) => parseVersion(v)[0]))].sort((a, b) => b - a);
  for (const major of majors) {
    const candidates = versions
      .filter((v) => parseVersion(v)[0] === major)
      .sort((a, b) => compare(parseVersion(a), parseVersion(b)));
    const found = candidates.find((v) => {
      const requirement = manifests[pkg][v].conditions?.kibana?.version;
      return requirement !== undefined && satisfiesKibanaRange(target, requirement);
    });
    if (found !== undefined) {
      return {
        version: `${compare(target, GTE_FROM_STACK) >= 0 ? ">=" : "^"}${found}`,
        policyTemplates: manifests[pkg][found].policy_templates ?? [],
      };
    }
  }
  return undefined;
}

/**
 * Whether `stack` satisfies a package's Kibana condition: clauses joined by `||`, each a set of
 * whitespace-separated constraints (`^`, `~`, `>=`, `>`, `<=`, `<`, `=`, bare version) that all hold.
 */
export function satisfiesKibanaRange(stack: Version, requirement: string): boolean {
  return requirement.split("||").some((clause) => {
    const [low, high] = clauseBounds(clause);
    return compare(low, stack) <= 0 && (high === undefined || compare(stack, high) < 0);
  });
}

function clauseBounds(clause: string): [Version, Version | undefined] {
  let low: Version = [0, 0, 0];
  let high: Version | undefined;
  const raise = (v: Version) => {
    if (compare(v, low) > 0) low = v;
  };
  const cap = (v: Version) => {
    if (high === undefined || compare(v, high) < 0) high = v;
  };
  for (const token of clause.trim().split(/\s+/).filter(Boolean)) {
    const [, operator, rest] = /^(\^|~|>=|<=|>|<|=)?(.*)$/.exec(token) as RegExpExecArray;
    const v = parseVersion(rest);
    const nextPatch: Version = [v[0], v[1], v[2] + 1];
    switch (operator) {
      case "^":
        raise(v);
        cap([v[0] + 1, 0, 0]);
        break;
      case "~":
        raise(v);
        cap([v[0], v[1] + 1, 0]);
        break;
      case ">=":
        raise(v);
        break;
      case ">":
        raise(nextPatch);
        break;
      case "<=":
        cap(nextPatch);
        break;
      case "<":
        cap(v);
        break;
      default:
        raise(v);
        cap(nextPatch);
    }
  }
  return [low, high];
}

function parseVersion(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text.split("-")[0].split(".").map(Number);
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
