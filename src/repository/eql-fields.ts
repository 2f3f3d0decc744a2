/**
 * The field names an EQL query reads, for required_fields: every identifier that is not a keyword, an event
 * category (the word before `where`), a function name (followed by `(`) or inside a string or comment.
 * A reader of names, not a parser: dac has no EQL parser yet.
 */
const KEYWORDS = new Set([
  "and",
  "or",
  "not",
  "in",
  "in~",
  "like",
  "like~",
  "regex",
  "regex~",
  "where",
  "sequence",
  "sample",
  "by",
  "with",
  "maxspan",
  "until",
  "runs",
  "true",
  "false",
  "null",
  "of",
  "descendant",
  "child",
  "event",
]);

/** Comments, strings, (optional, backquoted, dotted) names with an optional `~`, numbers, single characters. */
const TOKEN =
  /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"""[\s\S]*?"""|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\??(?:[A-Za-z_@][\w@-]*|`[^`]*`)(?:\.(?:[A-Za-z_@][\w@-]*|`[^`]*`))*~?|\d[\w.]*|\S/g;

export function eqlFieldNames(query: string): string[] {
  const tokens = query.match(TOKEN) ?? [];
  const names = new Set<string>();
  tokens.forEach((token, i) => {
    if (!/^[?`A-Za-z_@]/.test(token)) return;
    const name = token.replace(/^\?/, "").replace(/~$/, "").replaceAll("`", "");
    if (KEYWORDS.has(name.toLowerCase()) || KEYWORDS.has(token.toLowerCase())) return;
    const next = tokens[i + 1];
    if (next === "(" || next?.toLowerCase() === "where") return;
    if (tokens[i - 1] === "=" && /^(maxspan|runs)$/i.test(tokens[i - 2] ?? "")) return;
    names.add(name);
  });
  return [...names].sort();
}
