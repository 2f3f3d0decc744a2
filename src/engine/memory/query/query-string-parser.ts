/**
 * Lucene's classic query parser syntax as Elasticsearch's query_string accepts it: terms, wildcards,
 * phrases, `field:`, groups, ranges, `_exists_`, and AND/OR/NOT/+/-/&&/||/! with Lucene's (not
 * boolean-algebra) rules for how conjunctions change the neighbouring clauses.
 */
import { QueryError } from "../request.js";

export type Occur = "must" | "should" | "must_not";

export type QsNode =
  | { type: "bool"; clauses: { occur: Occur; node: QsNode }[] }
  | { type: "term"; field?: string; raw: string; text: string; wildcard: boolean }
  | { type: "phrase"; field?: string; text: string }
  | {
      type: "range";
      field?: string;
      lower?: string;
      upper?: string;
      lowerInclusive: boolean;
      upperInclusive: boolean;
    }
  | { type: "exists"; field: string };

type Token =
  | { kind: "term"; raw: string }
  | { kind: "phrase"; text: string }
  | { kind: "range"; lower: string; upper: string; lowerInclusive: boolean; upperInclusive: boolean }
  | { kind: "and" | "or" | "not" | "plus" | "minus" | "open" | "close" | "colon" | "boost" };

const TERM_STOP = new Set([
  " ",
  "\t",
  "\n",
  "\r",
  "\u3000",
  "(",
  ")",
  ":",
  "^",
  "[",
  "]",
  '"',
  "{",
  "}",
  "~",
  "/",
]);
const TERM_START_STOP = new Set([...TERM_STOP, "+", "-", "!"]);

function unescapeTerm(raw: string): string {
  return raw.replace(/\\(.)/gsu, "$1");
}

function hasWildcard(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "\\") i++;
    else if (raw[i] === "*" || raw[i] === "?") return true;
  }
  return false;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (message: string): never => {
    throw new QueryError(`Failed to parse query [${query}]: ${message} at position ${i}`);
  };
  while (i < query.length) {
    const char = query[i];
    if (/\s|\u3000/.test(char)) {
      i++;
      continue;
    }
    const two = query.slice(i, i + 2);
    if (two === "&&" || two === "||") {
      tokens.push({ kind: two === "&&" ? "and" : "or" });
      i += 2;
      continue;
    }
    const single: Record<string, Token["kind"]> = {
      "(": "open",
      ")": "close",
      ":": "colon",
      "+": "plus",
      "-": "minus",
      "!": "not",
    };
    if (single[char]) {
      tokens.push({ kind: single[char] } as Token);
      i++;
      continue;
    }
    if (char === "^" || char === "~") {
      if (char === "~" && tokens.length > 0)
        fail("fuzzy and proximity searches (~) are not supported by the embedded engine");
      i++;
      while (i < query.length && /[0-9.]/.test(query[i])) i++;
      // A boost only scores, but it still ends a run of plain terms (see multiTermLength).
      if (char === "^") tokens.push({ kind: "boost" });
      continue;
    }
    if (char === "/") fail("regular expressions are not supported by the embedded engine");
    if (char === '"') {
      let text = "";
      i++;
      while (i < query.length && query[i] !== '"') {
        if (query[i] === "\\" && i + 1 < query.length) i++;
        text += query[i++];
      }
      if (i >= query.length) fail("unterminated quoted string");
      i++;
      tokens.push({ kind: "phrase", text });
      continue;
    }
    if (char === "[" || char === "{") {
      const lowerInclusive = char === "[";
      i++;
      const parts: string[] = [];
      let closing = "";
      while (i < query.length) {
        while (/\s/.test(query[i] ?? "")) i++;
        if (query[i] === "]" || query[i] === "}") {
          closing = query[i++];
          break;
        }
        let part = "";
        if (query[i] === '"') {
          i++;
          while (i < query.length && query[i] !== '"') {
            if (query[i] === "\\") i++;
            part += query[i++];
          }
          i++;
        } else {
          while (i < query.length && !/[\s\]}]/.test(query[i])) {
            if (query[i] === "\\") i++;
            part += query[i++];
          }
        }
        parts.push(part);
      }
      if (!closing || parts.length !== 3 || parts[1] !== "TO") fail("malformed range, expected [from TO to]");
      tokens.push({
        kind: "range",
        lower: parts[0],
        upper: parts[2],
        lowerInclusive,
        upperInclusive: closing === "]",
      });
      continue;
    }
    if (TERM_START_STOP.has(char) && char !== "\\") fail(`unexpected character [${char}]`);
    let raw = "";
    while (i < query.length && !TERM_STOP.has(query[i])) {
      if (query[i] === "\\") {
        if (i + 1 >= query.length) fail("a query cannot end with a backslash");
        raw += query.slice(i, i + 2);
        i += 2;
        continue;
      }
      raw += query[i++];
    }
    if (raw === "AND") tokens.push({ kind: "and" });
    else if (raw === "OR") tokens.push({ kind: "or" });
    else if (raw === "NOT") tokens.push({ kind: "not" });
    else tokens.push({ kind: "term", raw });
  }
  return tokens;
}

/** Lucene's TERM token: a bare word without unescaped wildcards (the lone `*` is its own token, STAR). */
function isPlainTerm(token: Token | undefined): boolean {
  return token?.kind === "term" && !hasWildcard(token.raw);
}

/** Lucene QueryParser.allowedPostMultiTerm: what may follow a term that joins a run of plain terms. */
function allowedAfterMultiTerm(token: Token | undefined): boolean {
  if (!token) return true;
  if (token.kind === "term") return token.raw !== "*";
  return !["colon", "boost", "and", "or"].includes(token.kind);
}

/**
 * How many plain terms start at `position` and are analysed together, as one text (Lucene's MultiTerm with
 * splitOnWhitespace=false, Elasticsearch's default): at least two, each followed by a token that may follow
 * one; 0 when no such run starts there.
 */
function multiTermLength(tokens: Token[], position: number): number {
  let length = 1;
  while (isPlainTerm(tokens[position + length]) && allowedAfterMultiTerm(tokens[position + length + 1]))
    length++;
  return isPlainTerm(tokens[position]) && length > 1 ? length : 0;
}

type Conjunction = "none" | "and" | "or";
type Modifier = "none" | "required" | "not";

export function parseQueryString(query: string, defaultOperator: "or" | "and"): QsNode {
  const tokens = tokenize(query);
  let position = 0;
  const peek = () => tokens[position];
  const fail = (message: string): never => {
    throw new QueryError(`Failed to parse query [${query}]: ${message}`);
  };

  const parseQuery = (field: string | undefined): QsNode | undefined => {
    const clauses: { occur: Occur; node: QsNode }[] = [];
    let first: QsNode | undefined;
    let count = 0;
    while (peek() && peek().kind !== "close") {
      const run = multiTermLength(tokens, position);
      if (run > 0) {
        const node = multiTerm(field, run);
        addClause(clauses, "none", "none", node, defaultOperator);
        if (count === 0) first = node;
        count++;
        continue;
      }
      let conjunction: Conjunction = "none";
      if (count > 0 && (peek().kind === "and" || peek().kind === "or")) {
        conjunction = peek().kind as Conjunction;
        position++;
      }
      let modifier: Modifier = "none";
      const next = peek();
      if (next && (next.kind === "plus" || next.kind === "minus" || next.kind === "not")) {
        modifier = next.kind === "plus" ? "required" : "not";
        position++;
      }
      const node = parseClause(field);
      addClause(clauses, conjunction, modifier, node, defaultOperator);
      if (count === 0 && modifier === "none") first = node;
      count++;
    }
    if (count === 1 && first) return first;
    return clauses.length === 0 ? undefined : { type: "bool", clauses };
  };

  const multiTerm = (field: string | undefined, length: number): QsNode => {
    const raw = tokens
      .slice(position, position + length)
      .map((token) => (token as { raw: string }).raw)
      .join(" ");
    position += length;
    if (field === "_exists_") return { type: "exists", field: unescapeTerm(raw) };
    return { type: "term", field, raw, text: unescapeTerm(raw), wildcard: false };
  };

  const parseClause = (field: string | undefined): QsNode | undefined => {
    const node = parseClauseBody(field);
    if (peek()?.kind === "boost") position++;
    return node;
  };

  const parseClauseBody = (field: string | undefined): QsNode | undefined => {
    let clauseField = field;
    const token = peek();
    if (!token) return fail("unexpected end of query");
    if (token.kind === "term" && tokens[position + 1]?.kind === "colon") {
      clauseField = unescapeTerm(token.raw);
      position += 2;
    }
    const body = peek();
    if (!body) return fail("unexpected end of query");
    position++;
    switch (body.kind) {
      case "open": {
        const inner = parseQuery(clauseField);
        if (peek()?.kind !== "close") fail("missing closing parenthesis");
        position++;
        return inner;
      }
      case "term": {
        if (clauseField === "_exists_") return { type: "exists", field: unescapeTerm(body.raw) };
        return {
          type: "term",
          field: clauseField,
          raw: body.raw,
          text: unescapeTerm(body.raw),
          wildcard: hasWildcard(body.raw),
        };
      }
      case "phrase":
        return { type: "phrase", field: clauseField, text: body.text };
      case "range":
        return {
          type: "range",
          field: clauseField,
          lower: body.lower === "*" ? undefined : body.lower,
          upper: body.upper === "*" ? undefined : body.upper,
          lowerInclusive: body.lowerInclusive,
          upperInclusive: body.upperInclusive,
        };
      default:
        return fail(`unexpected [${body.kind}]`);
    }
  };

  const result = parseQuery(undefined);
  if (position < tokens.length) fail("unbalanced closing parenthesis");
  return result ?? { type: "bool", clauses: [] };
}

/** Lucene QueryParserBase.addClause: conjunctions rewrite the previous clause's occur. */
function addClause(
  clauses: { occur: Occur; node: QsNode }[],
  conjunction: Conjunction,
  modifier: Modifier,
  node: QsNode | undefined,
  defaultOperator: "or" | "and",
): void {
  const last = clauses[clauses.length - 1];
  if (last && conjunction === "and" && last.occur !== "must_not") last.occur = "must";
  if (last && defaultOperator === "and" && conjunction === "or" && last.occur !== "must_not")
    last.occur = "should";
  if (!node) return;
  const prohibited = modifier === "not";
  const required =
    defaultOperator === "or"
      ? modifier === "required" || (conjunction === "and" && !prohibited)
      : !prohibited && conjunction !== "or";
  const occur: Occur = prohibited ? "must_not" : required ? "must" : "should";
  clauses.push({ occur, node });
}
