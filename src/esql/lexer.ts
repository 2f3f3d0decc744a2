import { EsqlSyntaxError } from "./syntax-error.js";

/**
 * The ES|QL tokens. Whitespace, `// line` and `/* block *\/` comments separate tokens and are dropped. Words are not
 * reserved here: the parser decides by position whether `by` or `first` is a keyword or a name.
 */
export type TokenKind =
  | "word" // [A-Za-z_@][A-Za-z0-9_]*
  | "quoted" // `backquoted name`, `` doubles a backquote
  | "string" // "..." with \t \n \r \" \\ escapes, or """...""" taken verbatim
  | "integer"
  | "decimal"
  | "param" // ?, ?name, ?1, ??name
  | "op" // punctuation and operators
  | "eof";

export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Decoded value: the name of a word or quoted name, a string's content, a parameter's text after `?`. */
  value: string;
  /** A word's value in lower case (keywords are matched case-insensitively); otherwise the value. */
  lower: string;
  start: number;
  end: number;
  /** `"""`-quoted string. */
  triple?: boolean;
}

const TWO_CHAR_OPERATORS = new Set(["==", "!=", "<=", ">=", "=~", "::"]);
const ONE_CHAR_OPERATORS = new Set([
  "<",
  ">",
  "=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ".",
  "|",
  ":",
  ";",
]);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** [A-Za-z_@] */
function isWordStart(code: number): boolean {
  return isLetter(code) || code === 95 || code === 64;
}

/** [A-Za-z0-9_] */
function isWordPart(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 95;
}

/** The offset of the line break that ends a `//` comment, or the end of the text. */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) return i;
  }
  return text.length;
}

/** Characters that end an unquoted index pattern. */
const INDEX_PATTERN_END = new Set([" ", "\t", "\n", "\r", ",", "|", '"', "(", ")"]);

/** Reads tokens on demand from any offset, so the parser can switch to raw index-pattern scanning after FROM. */
export class Lexer {
  pos = 0;

  constructor(readonly text: string) {}

  /** Skips whitespace and comments; an unterminated block comment is an error at its start. */
  skipTrivia(): void {
    const { text } = this;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (code === 32 || code === 9 || code === 10 || code === 13) {
        this.pos++;
      } else if (code === 47 && text.charCodeAt(this.pos + 1) === 47) {
        this.pos = lineEnd(text, this.pos + 2);
      } else if (code === 47 && text.charCodeAt(this.pos + 1) === 42) {
        const close = text.indexOf("*/", this.pos + 2);
        if (close < 0) throw new EsqlSyntaxError("unterminated comment", text, this.pos);
        this.pos = close + 2;
      } else {
        return;
      }
    }
  }

  next(): Token {
    this.skipTrivia();
    const { text } = this;
    const start = this.pos;
    if (start >= text.length) return { kind: "eof", text: "", value: "", lower: "", start, end: start };
    const ch = text[start];
    const code = text.charCodeAt(start);
    if (ch === '"') return this.string(start);
    if (ch === "`") return this.quoted(start);
    if (isDigit(code) || (ch === "." && isDigit(text.charCodeAt(start + 1)))) return this.number(start);
    if (isWordStart(code)) {
      let end = start + 1;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
      return this.token("word", start, end);
    }
    if (ch === "?") {
      let end = start + 1;
      if (text[end] === "?") end++;
      while (end < text.length && isWordPart(text.charCodeAt(end))) end++;
      return this.token("param", start, end);
    }
    if (TWO_CHAR_OPERATORS.has(ch + (text[start + 1] ?? ""))) return this.token("op", start, start + 2);
    if (ONE_CHAR_OPERATORS.has(ch)) return this.token("op", start, start + 1);
    throw new EsqlSyntaxError(`token recognition error at: '${ch}'`, text, start);
  }

  /** An index pattern after FROM, LOOKUP JOIN or TS: a quoted string or a run of characters up to a separator. */
  indexPattern(): Token | undefined {
    this.skipTrivia();
    const start = this.pos;
    if (this.text[start] === '"') return this.string(start);
    let end = start;
    while (end < this.text.length && !INDEX_PATTERN_END.has(this.text[end])) {
      if (this.text.startsWith("//", end) || this.text.startsWith("/*", end)) break;
      end++;
    }
    if (end === start) return undefined;
    return this.token("word", start, end);
  }

  /** A token whose value is its text, unless `value` says otherwise. */
  private token(kind: TokenKind, start: number, end: number, value?: string): Token {
    this.pos = end;
    const text = this.text.slice(start, end);
    const decoded = value ?? text;
    return {
      kind,
      text,
      value: decoded,
      lower: kind === "word" ? decoded.toLowerCase() : decoded,
      start,
      end,
    };
  }

  private string(start: number): Token {
    const { text } = this;
    if (text.startsWith('"""', start)) {
      const close = text.indexOf('"""', start + 3);
      if (close < 0) throw new EsqlSyntaxError("unterminated string", text, start);
      let end = close + 3;
      // """a"""" ends at the last of a run of quotes, as the ES|QL lexer's non-greedy match allows
      while (text[end] === '"') end++;
      const token = this.token("string", start, end, text.slice(start + 3, end - 3));
      token.triple = true;
      return token;
    }
    const close = text.indexOf('"', start + 1);
    const plain = close > 0 ? text.slice(start + 1, close) : "";
    if (close > 0 && !/[\\\n\r]/.test(plain)) return this.token("string", start, close + 1, plain);
    let value = "";
    let i = start + 1;
    for (;;) {
      const ch = text[i];
      if (ch === undefined || ch === "\n" || ch === "\r") {
        throw new EsqlSyntaxError("unterminated string", text, start);
      }
      if (ch === '"') break;
      if (ch === "\\") {
        const escaped = { t: "\t", n: "\n", r: "\r", '"': '"', "\\": "\\" }[text[i + 1] ?? ""];
        if (escaped === undefined) {
          throw new EsqlSyntaxError(`invalid escape sequence '\\${text[i + 1] ?? ""}'`, text, i);
        }
        value += escaped;
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    return this.token("string", start, i + 1, value);
  }

  private quoted(start: number): Token {
    const { text } = this;
    let value = "";
    let i = start + 1;
    for (;;) {
      const ch = text[i];
      if (ch === undefined) throw new EsqlSyntaxError("unterminated quoted identifier", text, start);
      if (ch === "`") {
        if (text[i + 1] !== "`") break;
        value += "`";
        i += 2;
        continue;
      }
      value += ch;
      i++;
    }
    return this.token("quoted", start, i + 1, value);
  }

  private number(start: number): Token {
    const { text } = this;
    let end = start;
    while (isDigit(text.charCodeAt(end))) end++;
    let decimal = false;
    if (text[end] === "." && !isWordStart(text.charCodeAt(end + 1))) {
      decimal = true;
      end++;
      while (isDigit(text.charCodeAt(end))) end++;
    }
    const exponent = /^[eE][+-]?[0-9]+/.exec(text.slice(end, end + 12));
    if (exponent) {
      decimal = true;
      end += exponent[0].length;
    }
    return this.token(decimal ? "decimal" : "integer", start, end);
  }
}
