/**
 * Sets keys of a rule file's [metadata] table in place, keeping everything else byte for byte (comments,
 * layout, the [rule] table): an existing single-line `key = value` is replaced, a missing key is inserted in
 * sorted position, as detection-rules' formatter orders them.
 */
export function setMetadataKeys(text: string, values: Record<string, string>): string {
  const lines = text.split("\n");
  const header = lines.findIndex((line) => line.trim() === "[metadata]");
  if (header < 0) {
    const entries = Object.keys(values)
      .sort()
      .map((key) => `${key} = ${tomlString(values[key])}`);
    return ["[metadata]", ...entries, "", text].join("\n");
  }
  let end = lines.findIndex((line, i) => i > header && /^\s*\[/.test(line));
  if (end < 0) end = lines.length;
  for (const key of Object.keys(values).sort()) {
    const line = `${key} = ${tomlString(values[key])}`;
    const existing = lines.findIndex((l, i) => i > header && i < end && keyOf(l) === key);
    if (existing >= 0) {
      lines[existing] = line;
      continue;
    }
    let at = lines.findIndex(
      (l, i) => i > header && i < end && keyOf(l) !== undefined && (keyOf(l) as string) > key,
    );
    if (at < 0) {
      at = end;
      while (at - 1 > header && lines[at - 1].trim() === "") at--;
    }
    lines.splice(at, 0, line);
    end++;
  }
  return lines.join("\n");
}

function keyOf(line: string): string | undefined {
  return /^([A-Za-z0-9_-]+)\s*=/.exec(line)?.[1];
}

/** A TOML basic string; JSON's escapes are all valid TOML escapes. */
function tomlString(value: string): string {
  return JSON.stringify(value);
}
