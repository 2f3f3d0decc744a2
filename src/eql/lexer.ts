/**
 * EQL tokens as Elasticsearch's lexer (EqlBase.g4) forms them: lower-case keywords, `name~` function names,
 * backquoted identifiers, double- and triple-quoted strings, `//` and `/* *\/` comments skipped.
 */
import { EqlQueryError } from "./query-error.js";

export const KEYWORDS = [
  "and",
  "any",
  "by",
  "false",
  "in",
  "join",
  "like",
  "maxspan",
  "not",
  "null",
  "of",
  "or",
  "regex",
  "sample",
  "sequence",
  "true",
  "until",
  "where",
  "with",
] as const;

/** Keywords that also exist with a `~` suffix as one token. */
const TILDE_KEYWORDS = new Set(["in", "like", "regex"]);

export type TokenKind =
  | "keyword"
  | "identifier"
  | "quoted-identifier"
  | "tilde-identifier"
  | "string"
  | "integer"
  | "decimal"
  | "operator"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** The token text as written (keywords: the keyword, `in~` included). */
  text: string;
  start: number;
  end: number;
}

const KEYWORD_SET: ReadonlySet<string> = new Set(KEYWORDS);
/** Operators that may continue with a second character, and the two-character forms they make. */
const TWO_CHARACTER_OPERATORS: Record<string, string> = { "=": "=", "!": "=[", "<": "=", ">": "=" };
const SINGLE_OPERATORS = new Set([
  ":",
  "=",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  ".",
  ",",
  "[",
  "]",
  "(",
  ")",
  "|",
  "?",
]);

/** The operator at `pos`, longest first (`==` before `=`, `![` before `!`), or undefined. */
function operatorAt(query: string, pos: number): string | undefined {
  const ch = query[pos];
  const next = query[pos + 1];
  const seconds = TWO_CHARACTER_OPERATORS[ch];
  if (seconds !== undefined && next !== undefined && seconds.includes(next)) return ch + next;
  return SINGLE_OPERATORS.has(ch) ? ch : undefined;
}

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= "0" && ch <= "9";
const isIdentifierStart = (ch: string | undefined) =>
  ch !== undefined && ((ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || ch === "_" || ch === "@");

// Character-code scans rather than regular expressions or one-character strings: tokenizing is the hot loop of
// validating EQL rules.

/** [A-Za-z0-9_@] by character code. */
function isIdentifierCode(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 95 ||
    code === 64
  );
}

/** Space, tab, CR, LF. */
function isWhitespaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

/** The end of the identifier starting at `pos`: [A-Za-z_@][A-Za-z0-9_@]*. */
function identifierEnd(query: string, pos: number): number {
  while (pos < query.length && isIdentifierCode(query.charCodeAt(pos))) pos++;
  return pos;
}

function whitespaceEnd(query: string, pos: number): number {
  while (pos < query.length && isWhitespaceCode(query.charCodeAt(pos))) pos++;
  return pos;
}

const QUOTE = 34;
const BACKSLASH = 92;
const LF = 10;
const CR = 13;

/** The end of the "..." string starting at `pos` (a backslash escapes any character but a line break), or -1. */
function quotedStringEnd(query: string, pos: number): number {
  for (let i = pos + 1; i < query.length; i++) {
    const code = query.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    if (code === LF || code === CR) return -1;
    if (code === BACKSLASH) {
      const next = query.charCodeAt(i + 1);
      if (Number.isNaN(next) || next === LF || next === CR) return -1;
      i++;
    }
  }
  return -1;
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const fail = (message: string, at: number): never => {
    throw new EqlQueryError(message, query, at);
  };
  while (pos < query.length) {
    if (isWhitespaceCode(query.charCodeAt(pos))) {
      pos = whitespaceEnd(query, pos);
      continue;
    }
    const ch = query[pos];
    const next = query[pos + 1];
    if (ch === "/" && next === "/") {
      while (pos < query.length && query[pos] !== "\n" && query[pos] !== "\r") pos++;
      continue;
    }
    if (ch === "/" && next === "*") {
      const close = query.indexOf("*/", pos + 2);
      if (close < 0) fail("unterminated comment", pos);
      pos = close + 2;
      continue;
    }
    const start = pos;
    if (ch === '"' && next === '"' && query[pos + 2] === '"') {
      const close = query.indexOf('"""', pos + 3);
      if (close < 0) fail("unterminated raw string", start);
      pos = close + 3;
      // Like the lexer's trailing '"'? '"'?: a raw string may end with up to two quotes of its own.
      for (let extra = 0; extra < 2 && query[pos] === '"'; extra++) pos++;
      tokens.push({ kind: "string", text: query.slice(start, pos), start, end: pos });
      continue;
    }
    if (ch === '"') {
      pos = quotedStringEnd(query, pos);
      if (pos < 0) fail("unterminated string", start);
      tokens.push({ kind: "string", text: query.slice(start, pos), start, end: pos });
      continue;
    }
    if (ch === "'") fail("Use double quotes [\"] to define string literals, not single quotes [']", start);
    if (ch === "?" && (query[pos + 1] === '"' || query[pos + 1] === "'")) {
      fail('Use triple double quotes ["""] to define unescaped string literals, not [?]', start);
    }
    if (ch === "`") {
      pos++;
      for (;;) {
        if (pos >= query.length) fail("unterminated quoted identifier", start);
        if (query[pos] === "`") {
          if (query[pos + 1] === "`") pos += 2;
          else break;
        } else pos++;
      }
      pos++;
      tokens.push({ kind: "quoted-identifier", text: query.slice(start, pos), start, end: pos });
      continue;
    }
    if (isDigit(ch) || (ch === "." && isDigit(query[pos + 1]))) {
      pos = numberEnd(query, pos);
      const text = query.slice(start, pos);
      const decimal = /[.eE]/.test(text);
      tokens.push({ kind: decimal ? "decimal" : "integer", text, start, end: pos });
      continue;
    }
    if (isIdentifierStart(ch)) {
      pos = identifierEnd(query, pos);
      const word = query.slice(start, pos);
      if (query[pos] === "~") {
        pos++;
        const kind = TILDE_KEYWORDS.has(word) ? "keyword" : "tilde-identifier";
        tokens.push({ kind, text: `${word}~`, start, end: pos });
      } else {
        tokens.push({ kind: KEYWORD_SET.has(word) ? "keyword" : "identifier", text: word, start, end: pos });
      }
      continue;
    }
    const operator = operatorAt(query, pos);
    if (!operator) fail(`token recognition error at: '${ch}'`, start);
    pos += operator!.length;
    tokens.push({ kind: "operator", text: operator!, start, end: pos });
  }
  tokens.push({ kind: "eof", text: "<EOF>", start: query.length, end: query.length });
  return tokens;
}

/** End of the number starting at `pos`: DIGIT+ (. DIGIT*)? EXPONENT? or . DIGIT+ EXPONENT?. */
function numberEnd(query: string, pos: number): number {
  while (isDigit(query[pos])) pos++;
  if (query[pos] === "." && !isIdentifierStart(query[pos + 1])) {
    pos++;
    while (isDigit(query[pos])) pos++;
  }
  if (query[pos] === "e" || query[pos] === "E") {
    let next = pos + 1;
    if (query[next] === "+" || query[next] === "-") next++;
    if (isDigit(query[next])) {
      pos = next;
      while (isDigit(query[pos])) pos++;
    }
  }
  return pos;
}

/** The value of a string token: escapes resolved in "...", verbatim inside """...""". */
export function stringValue(token: Token, query: string): string {
  const text = token.text;
  if (text.startsWith('"""')) return text.slice(3, -3);
  if (!text.includes("\\")) return text.slice(1, -1);
  let out = "";
  for (let i = 1; i < text.length - 1; i++) {
    const ch = text[i];
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = text[++i];
    const escaped = ESCAPES[next];
    if (escaped !== undefined) {
      out += escaped;
      continue;
    }
    if (next === "u") {
      const match = /^\{([0-9a-fA-F]+)\}/.exec(text.slice(i + 1));
      if (!match || match[1].length < 2 || match[1].length > 8) {
        throw new EqlQueryError(
          "Unicode sequence should use [2-8] hex digits, [\\u{XX}] to [\\u{XXXXXXXX}]",
          query,
          token.start + i - 1,
        );
      }
      const code = Number.parseInt(match[1], 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new EqlQueryError(`Invalid unicode character code [${match[1]}]`, query, token.start + i - 1);
      }
      out += String.fromCodePoint(code);
      i += match[0].length;
      continue;
    }
    throw new EqlQueryError(`Unexpected character escape sequence [\\${next}]`, query, token.start + i - 1);
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  t: "\t",
  b: "\b",
  n: "\n",
  f: "\f",
  r: "\r",
  '"': '"',
  "'": "'",
  "\\": "\\",
};
