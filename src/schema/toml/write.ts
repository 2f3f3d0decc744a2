import type { Finding } from "../../findings/finding.js";
import type { KeyPath } from "../source.js";
import { parseRuleFile } from "./load.js";
import { pathKey, scanComments, type TomlComments } from "./scan.js";

type Table = Record<string, unknown>;

/** Top-level tables come in this order (as in Elastic's detection-rules repository); others follow sorted. */
const TOP_LEVEL_ORDER = ["metadata", "transform", "rule"];
/** Query strings are written as literal strings, so backslashes and quotes in them stay as typed. */
const LITERAL_STRING_PATHS = new Set(["rule.query", "rule.threat_query"]);
/** Written last among the [rule] values, after a blank line, so the query stands out. */
const TRAILING_RULE_KEYS = ["query", "threat_query"];
/** Markdown strings start right after the opening quotes, as Elastic's tooling writes them. */
const INLINE_START_KEYS = new Set(["note", "setup"]);
/** Arrays of strings longer than this (sum of item lengths plus 3 per item) are written one item per line. */
const INLINE_STRING_ARRAY_LIMIT = 100;
/** Other arrays whose one-line form is longer than this are written one item per line. */
const INLINE_ARRAY_LIMIT = 100;
const ITEM_INDENT = "    ";
const BARE_KEY = /^[A-Za-z0-9_-]+$/;
// Characters TOML does not allow unescaped in strings (tab excepted).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS_BUT_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/**
 * Writes a rule document as canonical TOML in the layout of Elastic's detection-rules repository:
 * [metadata], [transform], [rule], then other tables, one blank line before every header. Within a table:
 * values with keys sorted (the rule's query last, after a blank line), then arrays of tables, then
 * sub-tables. Long arrays are written one item per line, multi-line strings as multi-line strings.
 * Parsing the result gives back the same data, and `comments` (from the file the document was read from)
 * come back with the key, table or array element they were attached to.
 */
export function formatRuleDocument(
  document: Record<string, unknown>,
  comments: TomlComments = NO_COMMENTS,
): string {
  const writer = new Writer(comments);
  const sections: string[] = [];
  if (comments.header.length > 0) sections.push(comments.header.join("\n"));
  const rootValues = writer.valueLines([], [], document);
  if (rootValues.length > 0) sections.push(rootValues.join("\n"));
  const tableKeys = Object.keys(document)
    .filter((key) => isTable(document[key]) || isTableArray(document[key]))
    .sort(compareTopLevel);
  for (const key of tableKeys) sections.push(...writer.tableSections([key], [key], document[key]));
  const footer = comments.footer.map((line) => `\n${line}`).join("");
  return sections.length === 0 ? footer.slice(1) : `${sections.join("\n\n")}${footer}\n`;
}

/** Formats rule file text, keeping its comments; text that cannot be read as a rule file gives its findings. */
export function formatRuleFile(text: string, path = "<text>"): { text: string } | { findings: Finding[] } {
  const file = parseRuleFile(path, text);
  if (!file.document) return { findings: file.findings };
  return { text: formatRuleDocument(file.document, scanComments(file.text)) };
}

const NO_COMMENTS: TomlComments = {
  header: [],
  above: new Map(),
  trailing: new Map(),
  closing: new Map(),
  footer: [],
};

function compareTopLevel(a: string, b: string): number {
  const rank = (key: string) => {
    const index = TOP_LEVEL_ORDER.indexOf(key);
    return index === -1 ? TOP_LEVEL_ORDER.length : index;
  };
  return rank(a) - rank(b) || compareKeys(a, b);
}

/** The parts of the layout that carry comments; `at` is a path with array indices, as the scanner keys it. */
class Writer {
  constructor(private readonly comments: TomlComments) {}

  /** Sections (a header and its values) for a table or an array of tables, nested tables included. */
  tableSections(names: string[], at: KeyPath, value: unknown): string[] {
    if (Array.isArray(value)) {
      const sections = value.flatMap((element: Table, i) =>
        this.tableSection(names, [...at, i], element, true),
      );
      // Comments on an array of tables written inline (`threat = [{...}]`) go with its first header.
      const above = this.comments.above.get(pathKey(at)) ?? [];
      if (above.length > 0 && sections.length > 0) sections[0] = `${above.join("\n")}\n${sections[0]}`;
      return sections;
    }
    return this.tableSection(names, at, value as Table, false);
  }

  /** `key = value` lines for the values of a table that are not written as tables of their own. */
  valueLines(names: string[], at: KeyPath, table: Table): string[] {
    const keys = sortedKeys(table).filter(
      (key) => table[key] !== undefined && !isTable(table[key]) && !isTableArray(table[key]),
    );
    const isRule = names.length === 1 && names[0] === "rule";
    const trailing = isRule ? TRAILING_RULE_KEYS.filter((key) => keys.includes(key)) : [];
    const line = (key: string) =>
      this.commented(
        [...at, key],
        `${formatKey(key)} = ${this.formatValue(table[key], [...names, key], [...at, key])}`,
        "",
      );
    const lines = keys.filter((key) => !trailing.includes(key)).map(line);
    for (const key of trailing) lines.push(lines.length > 0 ? `\n${line(key)}` : line(key));
    return lines;
  }

  private tableSection(names: string[], at: KeyPath, table: Table, isArrayElement: boolean): string[] {
    const keys = sortedKeys(table);
    const tableArrays = keys.filter((key) => isTableArray(table[key]));
    const tables = keys.filter((key) => isTable(table[key]));
    const values = this.valueLines(names, at, table);
    // A table holding nothing but sub-tables needs no header of its own, unless a comment belongs to it.
    const needsHeader =
      isArrayElement ||
      values.length > 0 ||
      tableArrays.length > 0 ||
      tables.length === 0 ||
      this.hasComments(at);
    return [
      ...(needsHeader ? [[this.commented(at, header(names, isArrayElement), ""), ...values].join("\n")] : []),
      ...[...tableArrays, ...tables].flatMap((key) =>
        this.tableSections([...names, key], [...at, key], table[key]),
      ),
    ];
  }

  /** Arrays may carry comments on their elements; other values cannot. */
  private formatValue(value: unknown, names: string[], at: KeyPath): string {
    if (Array.isArray(value)) return this.formatArray(value, names, at);
    return formatValue(value, names);
  }

  private formatArray(items: unknown[], names: string[], at: KeyPath): string {
    const formatted = items.map((item, i) => formatValue(item, [...names, String(i)]));
    const commented =
      this.comments.closing.has(pathKey(at)) || items.some((_, i) => this.hasComments([...at, i]));
    if (!commented) return layoutArray(items, formatted);
    const lines = formatted.map((item, i) => this.commented([...at, i], `${item},`, ITEM_INDENT));
    const closing = (this.comments.closing.get(pathKey(at)) ?? []).map((line) => `${ITEM_INDENT}${line}\n`);
    return `[\n${lines.map((line) => `${line}\n`).join("")}${closing.join("")}]`;
  }

  /** `text` (indented by `indent`) with the comments above it and the one trailing it. */
  private commented(at: KeyPath, text: string, indent: string): string {
    const key = pathKey(at);
    const above = (this.comments.above.get(key) ?? []).map((line) => `${indent}${line}\n`).join("");
    return `${above}${indent}${text}${this.comments.trailing.get(key) ?? ""}`;
  }

  private hasComments(at: KeyPath): boolean {
    const key = pathKey(at);
    return this.comments.above.has(key) || this.comments.trailing.has(key);
  }
}

function header(path: string[], isArrayElement: boolean): string {
  const name = path.map(formatKey).join(".");
  return isArrayElement ? `[[${name}]]` : `[${name}]`;
}

function sortedKeys(table: Table): string[] {
  return Object.keys(table).sort(compareKeys);
}

/** `inline` values must fit on one line: they are inside an inline table. */
function formatValue(value: unknown, path: string[], inline = false): string {
  if (typeof value === "string") return inline ? formatOneLineString(value) : formatString(value, path);
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return String(value);
  // TomlDate (a Date) writes itself back in the form it was read: date, time, local or with offset.
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return formatArray(value, path, inline);
  if (isTable(value)) return formatInlineTable(value, path);
  throw new TypeError(`cannot write ${value === null ? "null" : typeof value} as TOML at ${path.join(".")}`);
}

function formatDate(value: Date): string {
  if (Number.isNaN(value.getTime())) throw new TypeError("cannot write an invalid date as TOML");
  return value.toISOString();
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Number.POSITIVE_INFINITY) return "inf";
  if (value === Number.NEGATIVE_INFINITY) return "-inf";
  if (Number.isSafeInteger(value)) return Object.is(value, -0) ? "-0.0" : String(value);
  // TOML integers must round-trip exactly, so large whole numbers are written as floats.
  if (Number.isInteger(value)) return value.toExponential();
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

function formatArray(items: unknown[], path: string[], inline: boolean): string {
  const formatted = items.map((item, i) => formatValue(item, [...path, String(i)], inline));
  return inline ? `[${formatted.join(", ")}]` : layoutArray(items, formatted);
}

/** One line, or one item per line when the array is long or an item spans lines. */
function layoutArray(items: unknown[], formatted: string[]): string {
  const oneLine = `[${formatted.join(", ")}]`;
  const allStrings = items.length > 0 && items.every((item) => typeof item === "string");
  const tooLong = allStrings
    ? items.reduce<number>((sum, item) => sum + (item as string).length + 3, 0) > INLINE_STRING_ARRAY_LIMIT
    : oneLine.length > INLINE_ARRAY_LIMIT;
  if (!tooLong && !formatted.some((item) => item.includes("\n"))) return oneLine;
  return `[\n${formatted.map((item) => `${ITEM_INDENT}${item},\n`).join("")}]`;
}

function formatInlineTable(table: Table, path: string[]): string {
  const entries = Object.keys(table)
    .filter((key) => table[key] !== undefined)
    .sort(compareKeys)
    // Inline tables must stay on one line, so nothing in them uses a multi-line form.
    .map((key) => `${formatKey(key)} = ${formatValue(table[key], [...path, key], true)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

function formatString(value: string, path: string[]): string {
  if (!value.includes("\n")) return formatOneLineString(value);
  const key = path[path.length - 1];
  const literalAllowed = !value.includes("'''") && !CONTROL_CHARACTERS_BUT_NEWLINE.test(value);
  if (LITERAL_STRING_PATHS.has(path.join(".")) && literalAllowed) return `'''\n${value}'''`;
  // The parser drops a newline right after the opening quotes, so a value starting with one needs another.
  const startsInline = INLINE_START_KEYS.has(key) && !value.startsWith("\n");
  return `"""${startsInline ? "" : "\n"}${escapeMultilineBasic(value)}"""`;
}

/** Strings with double quotes (and no single quotes) read better as literal strings. */
function formatOneLineString(value: string): string {
  const literal = value.includes('"') && !value.includes("'") && !CONTROL_CHARACTERS.test(value);
  return literal ? `'${value}'` : formatBasicString(value);
}

function formatBasicString(value: string): string {
  let text = "";
  for (const char of value) text += char === '"' ? '\\"' : escapeCharacter(char, false);
  return `"${text}"`;
}

function escapeMultilineBasic(value: string): string {
  let text = "";
  let quoteRun = 0;
  for (const char of value) {
    // Every third quote in a row is escaped so that no `"""` appears inside the string.
    quoteRun = char === '"' ? quoteRun + 1 : 0;
    text += char === '"' && quoteRun % 3 === 0 ? '\\"' : escapeCharacter(char, true);
  }
  // A quote right before the closing delimiter would read as part of it.
  return text.endsWith('"') && !text.endsWith('\\"') ? `${text.slice(0, -1)}\\"` : text;
}

function escapeCharacter(char: string, multiline: boolean): string {
  if (char === "\\") return "\\\\";
  if (char === "\n") return multiline ? "\n" : "\\n";
  if (char === "\t") return multiline ? "\t" : "\\t";
  if (char === "\r") return "\\r";
  if (char === "\b") return "\\b";
  if (char === "\f") return "\\f";
  if (CONTROL_CHARACTERS.test(char)) return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  return char;
}

function formatKey(key: string): string {
  return BARE_KEY.test(key) ? key : formatBasicString(key);
}

/** Code-unit order, like Python's sorted() in Elastic's tooling, independent of locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** An array written as [[array.of.tables]]: non-empty and only tables. */
function isTableArray(value: unknown): value is Table[] {
  return Array.isArray(value) && value.length > 0 && value.every(isTable);
}
