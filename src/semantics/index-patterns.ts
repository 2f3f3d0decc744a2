/**
 * Index patterns as Elasticsearch resolves them: `*` wildcards, comma lists and `-exclusions`.
 */

/** A wildcard pattern (`*` matches any text, everything else literally) as an anchored regular expression. */
export function globRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+?^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${source}$`, "su");
}

/**
 * Concrete indices named by the patterns, in index-name order. A leading `*` does not reach hidden
 * indices (names starting with `.`); `-pattern` after the first part removes what earlier parts selected.
 */
export function resolveIndices(names: string[], patterns: string[]): string[] {
  const selected = new Set<string>();
  const parts = patterns
    .flatMap((pattern) => pattern.split(","))
    .map((part) => part.trim())
    .filter(Boolean);
  parts.forEach((part, position) => {
    if (part.startsWith("-") && position > 0) {
      const regex = globRegExp(part.slice(1));
      for (const name of [...selected]) if (regex.test(name)) selected.delete(name);
      return;
    }
    const regex = globRegExp(part === "_all" ? "*" : part);
    for (const name of names)
      if (regex.test(name) && !(part.startsWith("*") && name.startsWith("."))) selected.add(name);
  });
  return [...selected].sort();
}
