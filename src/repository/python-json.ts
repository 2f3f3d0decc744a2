/**
 * JSON text exactly as Python's `json.dumps(value, sort_keys=True)` writes it (optionally with `indent`):
 * detection-rules hashes that text and writes its lock files with it, so the bytes must match, not just the
 * meaning. Differences from JSON.stringify: ", " and ": " separators, every non-ASCII or control character
 * escaped as \uXXXX (ensure_ascii), keys sorted.
 */
export function pythonJson(value: unknown, indent?: number, text?: TextRewrite): string {
  return write(value, { indent, text }, 0, undefined);
}

/**
 * Rewrites string values while they are written, so that a caller hashing a normalised copy of an object
 * need not build the copy: `key` is the key holding the string (undefined for an array item); the values
 * of `verbatim` keys are written as they are, whole.
 */
export interface TextRewrite {
  rewrite(text: string, key: string | undefined): string;
  verbatim: ReadonlySet<string>;
}

interface WriteOptions {
  indent: number | undefined;
  text: TextRewrite | undefined;
}

function write(value: unknown, options: WriteOptions, depth: number, key: string | undefined): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return pythonString(options.text ? options.text.rewrite(value, key) : value);
  if (value instanceof Date) return pythonString(value.toISOString());
  const items: string[] = [];
  if (Array.isArray(value)) {
    for (const item of value) items.push(write(item, options, depth + 1, undefined));
  } else {
    const table = value as Record<string, unknown>;
    for (const name of Object.keys(table).sort()) {
      const child = table[name];
      if (child === undefined) continue;
      const childOptions = options.text?.verbatim.has(name) ? { ...options, text: undefined } : options;
      items.push(`${pythonString(name)}: ${write(child, childOptions, depth + 1, name)}`);
    }
  }
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (items.length === 0) return `${open}${close}`;
  const { indent } = options;
  if (indent === undefined) return `${open}${items.join(", ")}${close}`;
  const inner = `\n${" ".repeat(indent * (depth + 1))}`;
  return `${open}${inner}${items.join(`,${inner}`)}\n${" ".repeat(indent * depth)}${close}`;
}

/** Python prints integral floats with ".0"; TOML rules hold integers, which print alike in both languages. */
function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  return String(value);
}

/** What JSON.stringify leaves as it is and Python's ensure_ascii escapes: DEL and everything past it. */
const NON_ASCII = /[\u007f-\uffff]/g;
const HAS_NON_ASCII = /[\u007f-\uffff]/;

/**
 * JSON.stringify already escapes quote, backslash and control characters as Python does (short forms for
 * \b \f \n \r \t, lowercase \u00XX otherwise); only non-ASCII text needs a second pass.
 */
function pythonString(text: string): string {
  const json = JSON.stringify(text);
  if (!HAS_NON_ASCII.test(json)) return json;
  return json.replace(NON_ASCII, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
