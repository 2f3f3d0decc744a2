/*
 * KQL parser: a hand-written recursive-descent rendering of Kibana's PEG grammar (`@kbn/es-query`,
 * kuery/grammar/grammar.peggy). It accepts exactly what Kibana accepts and builds the same tree.
 *
 * Grammar (`/` is PEG ordered choice, `*` and `+` are greedy and never backtrack, quoted keywords are
 * case-insensitive, names in quotes after a rule are how errors describe it):
 *
 *   Query             = Space* OrQuery? Space* END            (no query => match everything: is(*, *))
 *   OrQuery           = AndQuery (Or AndQuery)*
 *   AndQuery          = NotQuery (And NotQuery)*
 *   NotQuery          = Not SubQuery / SubQuery
 *   SubQuery          = "(" Space* OrQuery Space* ")" / NestedQuery
 *   NestedQuery       = Field Space* ":" Space* "{" Space* OrQuery Space* "}" / Expression
 *   Expression        = FieldRange / FieldValue / FreeText
 *   FieldRange        = Field Space* RangeOperator Space* Literal
 *   FieldValue        = Field Space* ":" Space* ListOfValues
 *   FreeText          = Value
 *   ListOfValues      = "(" Space* OrValues Space* ")" / Value
 *   OrValues          = AndValues (Or AndValues)*
 *   AndValues         = NotValues (And NotValues)*
 *   NotValues         = Not ListOfValues / ListOfValues
 *   Value "value"     = QuotedString / UnquotedLiteral
 *   Field "field name" = Literal
 *   Literal "literal" = QuotedString / UnquotedLiteral
 *   Or "OR"           = Space+ "or" Space+
 *   And "AND"         = Space+ "and" Space+
 *   Not "NOT"         = "not" Space+
 *   RangeOperator     = "<=" / ">=" / "<" / ">"
 *   QuotedString      = '"' QuotedChar* '"'
 *   QuotedChar        = EscapedWhitespace / EscapedUnicode / "\" ("\" / '"') / [^"]
 *   UnquotedLiteral   = UnquotedChar+                        (then trimmed; true/false/null become JSON values)
 *   UnquotedChar      = EscapedWhitespace / "\" Special / EscapedUnicode / "\" ("or" / "and" / "not") / "*"
 *                     / !Special !Keyword ANY
 *   Keyword           = Space "or" Space / Space "and" Space / "not" Space
 *   Special           = [\():<>"*{}]
 *   EscapedWhitespace = "\t" / "\r" / "\n"                   (backslash + lowercase letter)
 *   EscapedUnicode    = "\u" HEX HEX HEX HEX
 *   Space "whitespace" = [ \t\r\n\u00A0]
 *
 * Error messages follow peggy (the generator Kibana uses): the expectations that failed at the furthest offset
 * reached, where a named rule reports its name instead of its parts. Peggy caches rule results, so a `Space` first
 * tried inside a named rule (silently) is not reported when tried again later; `spaceTried` reproduces that.
 */
import {
  hasLeadingWildcard,
  type KqlFunctionNode,
  type KqlLiteralNode,
  type KqlValueNode,
  type RangeOperator,
  WILDCARD_MARKER,
} from "./ast.js";
import { KqlSyntaxError } from "./syntax-error.js";

export interface KqlParseOptions {
  /** Kibana's `query:allowLeadingWildcards` (default true): when false, a value starting with `*` is rejected. */
  allowLeadingWildcards?: boolean;
}

/** Deeper nesting than this is rejected rather than risking the call stack. */
const MAX_NESTING = 400;

const LEADING_WILDCARD_MESSAGE =
  "Leading wildcards are disabled. See query:allowLeadingWildcards in Advanced Settings.";

/** Parses a KQL query; throws {@link KqlSyntaxError} (and nothing else) when Kibana would reject it. */
export function parseKql(text: string, options: KqlParseOptions = {}): KqlFunctionNode {
  const state: ParserState = {
    input: text,
    pos: 0,
    silent: 0,
    failPos: 0,
    expected: [],
    spaceTried: new Uint8Array(text.length + 1),
    literalMemo: { at: -1, node: null, end: -1 },
    allowLeadingWildcards: options.allowLeadingWildcards ?? true,
    depth: 0,
  };
  return query(state);
}

interface ParserState {
  readonly input: string;
  pos: number;
  /** > 0 inside a named rule: failures there are reported under the rule's name. */
  silent: number;
  failPos: number;
  expected: string[];
  spaceTried: Uint8Array;
  /** The last QuotedString / UnquotedLiteral result (see `anyLiteral`). */
  literalMemo: { at: number; node: KqlValueNode | null; end: number };
  readonly allowLeadingWildcards: boolean;
  depth: number;
}

/** A parsed value list before the field is distributed over it. */
type ValueTree =
  | { kind: "value"; node: KqlValueNode; start: number; end: number }
  | { kind: "and" | "or"; items: ValueTree[]; start: number; end: number }
  | { kind: "not"; item: ValueTree; start: number; end: number };

// ---- Query structure -------------------------------------------------------------------------------------------

function query(s: ParserState): KqlFunctionNode {
  spaces(s);
  const start = s.pos;
  const node = orQuery(s);
  spaces(s);
  if (s.pos < s.input.length) {
    fail(s, "end of input");
    throw syntaxError(s);
  }
  return node ?? matchAll(start);
}

function orQuery(s: ParserState): KqlFunctionNode | null {
  return chain(s, "or", andQuery);
}

function andQuery(s: ParserState): KqlFunctionNode | null {
  return chain(s, "and", notQuery);
}

/** `item (Or|And item)*`, one n-ary node for two or more items. */
function chain(
  s: ParserState,
  op: "and" | "or",
  item: (s: ParserState) => KqlFunctionNode | null,
): KqlFunctionNode | null {
  const start = s.pos;
  const items = repeated(s, op, item);
  if (items === null || items.length === 1) return items?.[0] ?? null;
  return { type: "function", function: op, arguments: items, start, end: endOfText(s) };
}

/** One or more items separated by the operator; the position stays after the last item that parsed. */
function repeated<T>(s: ParserState, op: "and" | "or", item: (s: ParserState) => T | null): T[] | null {
  const head = item(s);
  if (head === null) return null;
  const items = [head];
  for (;;) {
    const save = s.pos;
    const next = operator(s, op) ? item(s) : null;
    if (next === null) {
      s.pos = save;
      return items;
    }
    items.push(next);
  }
}

function notQuery(s: ParserState): KqlFunctionNode | null {
  const start = s.pos;
  if (not(s)) {
    const child = subQuery(s);
    if (child !== null)
      return { type: "function", function: "not", arguments: [child], start, end: endOfText(s) };
    s.pos = start;
  }
  return subQuery(s);
}

function subQuery(s: ParserState): KqlFunctionNode | null {
  const start = s.pos;
  if (text(s, "(")) {
    const inner = nestedOrQuery(s);
    if (inner !== null && text(s, ")")) return inner;
    s.pos = start;
  }
  return nestedQuery(s);
}

/** `Space* OrQuery Space*`, the inside of `( )` and `{ }`, with the nesting guard. */
function nestedOrQuery(s: ParserState): KqlFunctionNode | null {
  if (++s.depth > MAX_NESTING) throw tooDeep(s);
  spaces(s);
  const inner = orQuery(s);
  if (inner !== null) spaces(s);
  s.depth--;
  return inner;
}

function nestedQuery(s: ParserState): KqlFunctionNode | null {
  const start = s.pos;
  const path = field(s);
  if (path !== null) {
    spaces(s);
    if (text(s, ":")) {
      spaces(s);
      if (text(s, "{")) {
        const child = nestedOrQuery(s);
        if (child !== null && text(s, "}")) {
          return { type: "function", function: "nested", arguments: [path, child], start, end: s.pos };
        }
      }
    }
    s.pos = start;
  }
  return fieldRange(s) ?? fieldValue(s) ?? freeText(s);
}

function fieldRange(s: ParserState): KqlFunctionNode | null {
  const start = s.pos;
  const name = field(s);
  if (name === null) return null;
  spaces(s);
  const op = rangeOperator(s);
  if (op !== null) {
    spaces(s);
    const value = literal(s);
    if (value !== null) {
      return { type: "function", function: "range", arguments: [name, op, value], start, end: value.end };
    }
  }
  s.pos = start;
  return null;
}

function fieldValue(s: ParserState): KqlFunctionNode | null {
  const start = s.pos;
  const name = field(s);
  if (name === null) return null;
  spaces(s);
  if (text(s, ":")) {
    spaces(s);
    const values = listOfValues(s);
    if (values !== null) return { ...distribute(name, values), start };
  }
  s.pos = start;
  return null;
}

function freeText(s: ParserState): KqlFunctionNode | null {
  const node = value(s);
  if (node === null) return null;
  const noField: KqlLiteralNode = {
    type: "literal",
    value: null,
    isQuoted: false,
    start: node.start,
    end: node.start,
  };
  return { type: "function", function: "is", arguments: [noField, node], start: node.start, end: node.end };
}

// ---- Value lists -----------------------------------------------------------------------------------------------

function listOfValues(s: ParserState): ValueTree | null {
  const start = s.pos;
  if (text(s, "(")) {
    if (++s.depth > MAX_NESTING) throw tooDeep(s);
    spaces(s);
    const inner = orValues(s);
    if (inner !== null) spaces(s);
    s.depth--;
    if (inner !== null && text(s, ")")) return { ...inner, start, end: s.pos };
    s.pos = start;
  }
  const node = value(s);
  return node === null ? null : { kind: "value", node, start: node.start, end: node.end };
}

function orValues(s: ParserState): ValueTree | null {
  return valueChain(s, "or", andValues);
}

function andValues(s: ParserState): ValueTree | null {
  return valueChain(s, "and", notValues);
}

function valueChain(
  s: ParserState,
  op: "and" | "or",
  item: (s: ParserState) => ValueTree | null,
): ValueTree | null {
  const start = s.pos;
  const items = repeated(s, op, item);
  if (items === null || items.length === 1) return items?.[0] ?? null;
  return { kind: op, items, start, end: endOfText(s) };
}

function notValues(s: ParserState): ValueTree | null {
  const start = s.pos;
  if (not(s)) {
    const item = listOfValues(s);
    if (item !== null) return { kind: "not", item, start, end: endOfText(s) };
    s.pos = start;
  }
  return listOfValues(s);
}

/** Copies the field onto every value of a list, keeping the list's and/or/not structure. */
function distribute(name: KqlValueNode, tree: ValueTree): KqlFunctionNode {
  switch (tree.kind) {
    case "value":
      return {
        type: "function",
        function: "is",
        arguments: [name, tree.node],
        start: tree.start,
        end: tree.end,
      };
    case "not":
      return {
        type: "function",
        function: "not",
        arguments: [distribute(name, tree.item)],
        start: tree.start,
        end: tree.end,
      };
    default:
      return {
        type: "function",
        function: tree.kind,
        arguments: tree.items.map((item) => distribute(name, item)),
        start: tree.start,
        end: tree.end,
      };
  }
}

// ---- Named rules -----------------------------------------------------------------------------------------------

/** Runs a named rule: failures inside it are silent, and its own failure is reported under its name. */
function named<T>(s: ParserState, description: string, body: () => T | null): T | null {
  const start = s.pos;
  s.silent++;
  const result = body();
  s.silent--;
  if (result === null && s.silent === 0) fail(s, description, start);
  return result;
}

function field(s: ParserState): KqlValueNode | null {
  return named(s, "field name", () => literal(s));
}

function literal(s: ParserState): KqlValueNode | null {
  return named(s, "literal", () => anyLiteral(s));
}

function value(s: ParserState): KqlValueNode | null {
  return named(s, "value", () => {
    const node = anyLiteral(s);
    if (node !== null && !s.allowLeadingWildcards && hasLeadingWildcard(node)) {
      throw new KqlSyntaxError(LEADING_WILDCARD_MESSAGE, s.input, node.start);
    }
    return node;
  });
}

function operator(s: ParserState, op: "and" | "or"): boolean {
  return (
    named(s, op.toUpperCase(), () => {
      const start = s.pos;
      if (space(s)) {
        while (space(s));
        if (keyword(s, op) && space(s)) {
          while (space(s));
          return true;
        }
      }
      s.pos = start;
      return null;
    }) !== null
  );
}

function not(s: ParserState): boolean {
  return (
    named(s, "NOT", () => {
      const start = s.pos;
      if (keyword(s, "not") && space(s)) {
        while (space(s));
        return true;
      }
      s.pos = start;
      return null;
    }) !== null
  );
}

function rangeOperator(s: ParserState): RangeOperator | null {
  if (text(s, "<=")) return "lte";
  if (text(s, ">=")) return "gte";
  if (text(s, "<")) return "lt";
  if (text(s, ">")) return "gt";
  return null;
}

// ---- Literals --------------------------------------------------------------------------------------------------

/**
 * QuotedString / UnquotedLiteral, shared by Field, Literal and Value. Each clause start is tried as a nested path,
 * a range, a field and free text in turn; like peggy's rule cache, one remembered result saves re-reading it.
 */
function anyLiteral(s: ParserState): KqlValueNode | null {
  const memo = s.literalMemo;
  if (memo.at === s.pos) {
    s.pos = memo.end;
    return memo.node;
  }
  const at = s.pos;
  const node = quotedString(s) ?? unquotedLiteral(s);
  s.literalMemo = { at, node, end: s.pos };
  return node;
}

function quotedString(s: ParserState): KqlLiteralNode | null {
  const start = s.pos;
  if (!text(s, '"')) return null;
  const { input } = s;
  let out = "";
  for (;;) {
    const ch = input[s.pos];
    if (ch === undefined || ch === '"') break;
    const escaped = ch === "\\" ? escapedWhitespace(input[s.pos + 1]) : undefined;
    if (escaped !== undefined) {
      out += escaped;
      s.pos += 2;
    } else if (ch === "\\" && unicodeEscapeAt(input, s.pos) !== undefined) {
      out += unicodeEscapeAt(input, s.pos);
      s.pos += 6;
    } else if (ch === "\\" && (input[s.pos + 1] === "\\" || input[s.pos + 1] === '"')) {
      out += input[s.pos + 1];
      s.pos += 2;
    } else {
      out += ch;
      s.pos += 1;
    }
  }
  if (!text(s, '"')) {
    s.pos = start;
    return null;
  }
  return { type: "literal", value: out, isQuoted: true, start, end: s.pos };
}

function unquotedLiteral(s: ParserState): KqlValueNode | null {
  const start = s.pos;
  let sequence = "";
  let isWildcard = false;
  for (;;) {
    const piece = unquotedCharacter(s);
    if (piece === null) break;
    if (piece === WILDCARD) {
      isWildcard = true;
      sequence += WILDCARD_MARKER;
    } else {
      sequence += piece;
    }
  }
  if (s.pos === start) return null;
  const span = trimmedSpan(s.input, start, s.pos);
  const trimmed = sequence.trim();
  if (trimmed === "null") return { type: "literal", value: null, isQuoted: false, ...span };
  if (trimmed === "true") return { type: "literal", value: true, isQuoted: false, ...span };
  if (trimmed === "false") return { type: "literal", value: false, isQuoted: false, ...span };
  if (isWildcard) return { type: "wildcard", value: trimmed, ...span };
  return { type: "literal", value: trimmed, isQuoted: false, ...span };
}

const WILDCARD = Symbol("wildcard");

/** One UnquotedChar: its text, WILDCARD for an unescaped `*`, or null when none can start here. */
function unquotedCharacter(s: ParserState): string | typeof WILDCARD | null {
  const { input } = s;
  const at = s.pos;
  const ch = input[at];
  if (ch === undefined) return null;
  if (ch === "\\") {
    const next = input[at + 1];
    const whitespace = escapedWhitespace(next);
    if (whitespace !== undefined) {
      s.pos += 2;
      return whitespace;
    }
    if (next !== undefined && SPECIAL.includes(next)) {
      s.pos += 2;
      return next;
    }
    const unicode = unicodeEscapeAt(input, at);
    if (unicode !== undefined) {
      s.pos += 6;
      return unicode;
    }
    for (const word of KEYWORDS) {
      if (wordAt(input, at + 1, word)) {
        s.pos += 1 + word.length;
        return input.slice(at + 1, at + 1 + word.length);
      }
    }
    return null;
  }
  if (ch === "*") {
    s.pos += 1;
    return WILDCARD;
  }
  if (SPECIAL.includes(ch) || keywordAhead(s)) return null;
  s.pos += 1;
  return ch;
}

const SPECIAL = '\\():<>"*{}';
const KEYWORDS = ["or", "and", "not"];

/**
 * The Keyword lookahead: whitespace+or+whitespace, whitespace+and+whitespace, or not+whitespace. It only runs
 * inside named rules, so trying `Space` here just marks the offset as tried (see `space`).
 */
function keywordAhead(s: ParserState): boolean {
  const { input, spaceTried } = s;
  const at = s.pos;
  spaceTried[at] = 1;
  if (isSpace(input[at])) {
    if (wordAt(input, at + 1, "or")) {
      spaceTried[at + 3] = 1;
      if (isSpace(input[at + 3])) return true;
    }
    if (wordAt(input, at + 1, "and")) {
      spaceTried[at + 4] = 1;
      if (isSpace(input[at + 4])) return true;
    }
  }
  if (wordAt(input, at, "not")) {
    spaceTried[at + 3] = 1;
    return isSpace(input[at + 3]);
  }
  return false;
}

/** A lowercase ASCII word at `at`, in any letter case. */
function wordAt(input: string, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    if ((input.charCodeAt(at + i) | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

function escapedWhitespace(letter: string | undefined): string | undefined {
  return letter === "t" ? "\t" : letter === "r" ? "\r" : letter === "n" ? "\n" : undefined;
}

/** `\uXXXX` at `at` (lowercase u, any-case hex), as the UTF-16 code unit it names. */
function unicodeEscapeAt(input: string, at: number): string | undefined {
  if (input[at] !== "\\" || input[at + 1] !== "u") return undefined;
  const digits = input.slice(at + 2, at + 6);
  return /^[0-9a-fA-F]{4}$/.test(digits) ? String.fromCharCode(Number.parseInt(digits, 16)) : undefined;
}

/** The current offset, less the whitespace an unquoted value consumed (and trimmed) before it. */
function endOfText(s: ParserState): number {
  return trimmedSpan(s.input, 0, s.pos).end;
}

/** The source span without the surrounding whitespace that trimming removed from the value. */
function trimmedSpan(input: string, start: number, end: number): { start: number; end: number } {
  let from = start;
  let to = end;
  while (to > from && /\s/.test(input[to - 1])) to--;
  while (from < to && /\s/.test(input[from])) from++;
  return { start: from, end: to };
}

// ---- Terminals -------------------------------------------------------------------------------------------------

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n" || ch === "\u00a0";
}

/** Space "whitespace": reported on failure only the first time it is tried at an offset (peggy's cache). */
function space(s: ParserState): boolean {
  const at = s.pos;
  const ok = isSpace(s.input[at]);
  if (ok) s.pos += 1;
  if (s.spaceTried[at] === 0) {
    s.spaceTried[at] = 1;
    if (!ok && s.silent === 0) fail(s, "whitespace", at);
  }
  return ok;
}

function spaces(s: ParserState): void {
  while (space(s));
}

/** An exact string. */
function text(s: ParserState, expected: string): boolean {
  if (s.input.startsWith(expected, s.pos)) {
    s.pos += expected.length;
    return true;
  }
  if (s.silent === 0) fail(s, `"${expected}"`);
  return false;
}

/** A case-insensitive keyword (only ever tried inside named rules, so never reported by itself). */
function keyword(s: ParserState, word: string): boolean {
  if (wordAt(s.input, s.pos, word)) {
    s.pos += word.length;
    return true;
  }
  if (s.silent === 0) fail(s, `"${word}"`);
  return false;
}

// ---- Errors ----------------------------------------------------------------------------------------------------

function fail(s: ParserState, expectation: string, at: number = s.pos): void {
  if (at < s.failPos) return;
  if (at > s.failPos) {
    s.failPos = at;
    s.expected = [];
  }
  s.expected.push(expectation);
}

function syntaxError(s: ParserState): KqlSyntaxError {
  const expected = [...new Set(s.expected)].sort().join(", ");
  const found = s.failPos < s.input.length ? `"${s.input.charAt(s.failPos)}"` : "end of input";
  return new KqlSyntaxError(`Expected ${expected} but ${found} found.`, s.input, s.failPos);
}

function tooDeep(s: ParserState): KqlSyntaxError {
  return new KqlSyntaxError(`Query nests more than ${MAX_NESTING} levels deep.`, s.input, s.pos);
}

function matchAll(at: number): KqlFunctionNode {
  const star = { type: "wildcard", value: WILDCARD_MARKER, start: at, end: at } as const;
  return { type: "function", function: "is", arguments: [{ ...star }, { ...star }], start: at, end: at };
}
