import type { Finding } from "../../findings/finding.js";
import { parseRuleFile } from "./load.js";

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
 * Parsing the result gives back the same data.
 */
export function formatRuleDocument(document: Record<string, unknown>): string {
  const sections: string[] = [];
  const rootValues = valueLines([], document);
  if (rootValues.length > 0) sections.push(rootValues.join("\n"));
  const tableKeys = Object.keys(document)
    .filter((key) => isTable(document[key]) || isTableArray(document[key]))
    .sort(compareTopLevel);
  for (const key of tableKeys) sections.push(...tableSections([key], document[key]));
  return sections.length === 0 ? "" : `${sections.join("\n\n")}\n`;
}

/** Formats rule file text; text that cannot be read as a rule file gives its findings instead. */
export function formatRuleFile(text: string, path = "<text>"): { text: string } | { findings: Finding[] } {
  const file = parseRuleFile(path, text);
  if (!file.document) return { findings: file.findings };
  return { text: formatRuleDocument(file.document) };
}

function compareTopLevel(a: string, b: string): number {
  const rank = (key: string) => {
    const index = TOP_LEVEL_ORDER.indexOf(key);
    return index === -1 ? TOP_LEVEL_ORDER.length : index;
  };
  return rank(a) - rank(b) || compareKeys(a, b);
}

/** Sections (a header and its values) for a table or an array of tables at `path`, nested tables included. */
function tableSections(path: string[], value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((element: Table) => tableSection(path, element, true));
  return tableSection(path, value as Table, false);
}

function tableSection(path: string[], table: Table, isArrayElement: boolean): string[] {
  const keys = sortedKeys(table);
  const tableArrays = keys.filter((key) => isTableArray(table[key]));
  const tables = keys.filter((key) => isTable(table[key]));
  const values = valueLines(path, table);
  // A table holding nothing but sub-tables needs no header of its own; they name it in theirs.
  const needsHeader = isArrayElement || values.length > 0 || tableArrays.length > 0 || tables.length === 0;
  return [
    ...(needsHeader ? [[header(path, isArrayElement), ...values].join("\n")] : []),
    ...[...tableArrays, ...tables].flatMap((key) => tableSections([...path, key], table[key])),
  ];
}

function header(path: string[], isArrayElement: boolean): string {
  const name = path.map(formatKey).join(".");
  return isArrayElement ? `[[${name}]]` : `[${name}]`;
}

/** `key = value` lines for the values of a table that are not written as tables of their own. */
function valueLines(path: string[], table: Table): string[] {
  const keys = sortedKeys(table).filter(
    (key) => table[key] !== undefined && !isTable(table[key]) && !isTableArray(table[key]),
  );
  const isRule = path.length === 1 && path[0] === "rule";
  const trailing = isRule ? TRAILING_RULE_KEYS.filter((key) => keys.includes(key)) : [];
  const line = (key: string) => `${formatKey(key)} = ${formatValue(table[key], [...path, key])}`;
  const lines = keys.filter((key) => !trailing.includes(key)).map(line);
  for (const key of trailing) lines.push(lines.length > 0 ? `\n${line(key)}` : line(key));
  return lines;
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
  const oneLine = `[${formatted.join(", ")}]`;
  if (inline) return oneLine;
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
