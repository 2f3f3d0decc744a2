/**
 * Package versions and Kibana version constraints, as far as picking a shipped package version for a rule
 * needs them: numeric dotted versions (a pre-release suffix sorts before its release) and the constraint
 * forms package manifests use ("^8.10.1 || ^9.0.0", ">=7.3.0 <8.0.0", "8.x").
 */

function parts(version: string): { numbers: number[]; pre: string } {
  const [main, ...pre] = version.trim().replace(/^v/, "").split("-");
  return { numbers: main.split(".").map((p) => Number.parseInt(p, 10) || 0), pre: pre.join("-") };
}

/** <0, 0 or >0 as a is older than, the same as or newer than b. */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.numbers.length, pb.numbers.length, 3); i++) {
    const diff = (pa.numbers[i] ?? 0) - (pb.numbers[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === "") return 1;
  if (pb.pre === "") return -1;
  return pa.pre < pb.pre ? -1 : 1;
}

/** Whether `version` satisfies a manifest's Kibana constraint. */
export function satisfiesConstraint(version: string, constraint: string): boolean {
  return constraint.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => satisfiesComparator(version, comparator)),
  );
}

function satisfiesComparator(version: string, comparator: string): boolean {
  const match = /^(\^|~|>=|<=|>|<|=)?v?([\dx*.]+(?:-[\w.]+)?)$/.exec(comparator);
  if (!match) return false;
  const [, operator = "", bound] = match;
  const wildcard = /(^|\.)[x*]/.exec(bound);
  if (wildcard) {
    const fixed = bound.slice(0, wildcard.index).split(".").filter(Boolean);
    const own = parts(version).numbers;
    return fixed.every((p, i) => Number(p) === own[i]);
  }
  const cmp = compareVersions(version, bound);
  const [major, minor] = parts(bound).numbers;
  const own = parts(version).numbers;
  switch (operator) {
    case "^":
      return cmp >= 0 && own[0] === major;
    case "~":
      return cmp >= 0 && own[0] === major && own[1] === minor;
    case ">=":
      return cmp >= 0;
    case ">":
      return cmp > 0;
    case "<=":
      return cmp <= 0;
    case "<":
      return cmp < 0;
    default:
      return cmp === 0;
  }
}

/**
 * The version to use among several shipped versions of a package: for a rule with a `min_stack_version`, the
 * newest version whose Kibana constraint admits that stack version (a rule for 8.12 is checked against a
 * package that 8.12 can install); without one, or when none admits it, the newest.
 */
export function pickVersion<T extends { version: string; kibana?: string }>(
  candidates: readonly T[],
  stackVersion?: string,
): T | undefined {
  const newestFirst = [...candidates].sort((a, b) => compareVersions(b.version, a.version));
  if (stackVersion === undefined) return newestFirst[0];
  return (
    newestFirst.find((c) => c.kibana !== undefined && satisfiesConstraint(stackVersion, c.kibana)) ??
    newestFirst[0]
  );
}
