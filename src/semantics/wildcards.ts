/** Lucene's wildcard syntax (wildcard queries, field-name patterns, ES|QL LIKE) as a JavaScript RegExp. */

/** `*` any run, `?` one code point, `\` escapes the next character; the whole value must match. */
export function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = "";
  const chars = [...pattern];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (char === "\\" && i + 1 < chars.length) source += escapeRegExp(chars[++i]);
    else if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += escapeRegExp(char);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "isu" : "su");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
