/**
 * JSON text exactly as Python's `json.dumps(value, sort_keys=True)` writes it (optionally with `indent`):
 * detection-rules hashes that text and writes its lock files with it, so the bytes must match, not just the
 * meaning. Differences from JSON.stringify: ", " and ": " separators, every non-ASCII or control character
 * escaped as \uXXXX (ensure_ascii), keys sorted.
 */
export function pythonJson(value: unknown, indent?: number): string {
  return write(value, indent, 0);
}

function write(value: unknown, indent: number | undefined, depth: number): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return pythonString(value);
  if (value instanceof Date) return pythonString(value.toISOString());
  const items: string[] = Array.isArray(value)
    ? value.map((item) => write(item, indent, depth + 1))
    : Object.keys(value as Record<string, unknown>)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort()
        .map(
          (key) =>
            `${pythonString(key)}: ${write((value as Record<string, unknown>)[key], indent, depth + 1)}`,
        );
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return `${open}${close}`;
  if (indent === undefined) return `${open}${items.join(", ")}${close}`;
  const inner = `\n${" ".repeat(indent * (depth + 1))}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${" ".repeat(indent * depth)}${close}`;
}

/** Python prints integral floats with ".0"; TOML rules hold integers, which print alike in both languages. */
function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  return String(value);
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** Characters Python's ensure_ascii escapes: quote, backslash, control characters and everything past "~". */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what gets escaped
const ESCAPED = /["\\\u0000-\u001f\u007f-\uffff]/g;

function pythonString(text: string): string {
  return `"${text.replace(ESCAPED, (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
}
