/*
 * EQL parser: recursive descent over Elasticsearch's grammar (x-pack/plugin/eql EqlBase.g4, 8.x/9.x), plus the
 * checks Elasticsearch's plan builder makes while building the tree (those also fail as parsing_exception).
 * Keywords are lower-case only; `a` `b` below are tokens, UPPER names are lexer tokens (lexer.ts).
 *
 *   statement        = query pipe* EOF
 *   query            = sequence | sample | join | eventQuery
 *   sequence         = "sequence" (joinKeys sequenceParams? | sequenceParams joinKeys?)? sequenceTerm+
 *                      ("until" sequenceTerm)?                      (joinKeys after params: rejected)
 *   sequenceParams   = "with" "maxspan" "=" timeUnit
 *   sequenceTerm     = subquery joinKeys? ("with" IDENTIFIER "=" number)?   (only runs=1..100)
 *   sample           = "sample" joinKeys? joinTerm+
 *   join             = "join" joinKeys? joinTerm joinTerm+ ("until" joinTerm)?   (parsed, then rejected)
 *   joinTerm         = subquery joinKeys?
 *   joinKeys         = "by" expression ("," expression)*
 *   subquery         = ("[" | "![") eventFilter "]"
 *   eventQuery       = eventFilter
 *   eventFilter      = ("any" | STRING | IDENTIFIER) "where" expression
 *   pipe             = "|" IDENTIFIER (booleanExpression ("," booleanExpression)*)?   (only head N / tail N)
 *   expression       = orExpression
 *   orExpression     = andExpression ("or" andExpression)*
 *   andExpression    = notExpression ("and" notExpression)*
 *   notExpression    = "not" notExpression | IDENTIFIER "of" subquery (rejected) | valueExpression
 *   valueExpression  = operatorExpression (comparisonOperator operatorExpression)?
 *   comparisonOperator = "==" | "!=" | "<" | "<=" | ">" | ">="
 *   operatorExpression = additive
 *   additive         = multiplicative (("+" | "-") multiplicative)*
 *   multiplicative   = unary (("*" | "/" | "%") unary)*
 *   unary            = ("-" | "+") unary | primaryExpression predicate?
 *   predicate        = "not"? ("in" | "in~") "(" expression ("," expression)* ")"
 *                    | (":" | "like" | "like~" | "regex" | "regex~") (constant | "(" constant ("," constant)* ")")
 *   primaryExpression = constant | functionExpression | qualifiedName | "(" expression ")"
 *   functionExpression = (IDENTIFIER | TILDE_IDENTIFIER) "(" (expression ("," expression)*)? ")"
 *   constant         = "null" | number | STRING | "true" | "false"
 *   qualifiedName    = "?"? identifier ("." identifier | "[" INTEGER+ "]")*     (indexes: rejected)
 *   identifier       = IDENTIFIER | QUOTED_IDENTIFIER
 *   timeUnit         = number IDENTIFIER?                                (ms, s, m, h, d)
 *   number           = INTEGER | DECIMAL
 *
 * In ANTLR's grammar the prefix `-`/`+` binds tighter than `*` and a predicate attaches to a primary, which
 * the additive/multiplicative/unary layering reproduces.
 */
import type {
  EqlCategory,
  EqlComparisonOperator,
  EqlEventQuery,
  EqlExpression,
  EqlField,
  EqlFieldPart,
  EqlLiteral,
  EqlMatchOperator,
  EqlPipe,
  EqlQuery,
  EqlSample,
  EqlSampleTerm,
  EqlSequence,
  EqlSequenceTerm,
  EqlStatement,
  EqlTimeSpan,
  EqlTimeUnit,
} from "./ast.js";
import { stringValue, type Token, tokenize } from "./lexer.js";
import { EqlQueryError } from "./query-error.js";

/** Deeper nesting than this is rejected rather than risking the call stack. */
const MAX_NESTING = 200;
const MAX_RUNS = 100;
const TIME_UNITS: Record<EqlTimeUnit, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">="]);
const MATCHES = new Set([":", "like", "like~", "regex", "regex~"]);

/** Parses an EQL statement; throws {@link EqlQueryError} (and nothing else) when Elasticsearch's parser would. */
export function parseEql(query: string): EqlStatement {
  return new Parser(query).statement();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(private readonly query: string) {
    this.tokens = tokenize(query);
  }

  private get token(): Token {
    return this.tokens[this.index];
  }

  private get previousEnd(): number {
    return this.index > 0 ? this.tokens[this.index - 1].end : 0;
  }

  private is(text: string): boolean {
    const { kind } = this.token;
    return (kind === "keyword" || kind === "operator") && this.token.text === text;
  }

  private accept(text: string): Token | undefined {
    if (!this.is(text)) return undefined;
    return this.tokens[this.index++];
  }

  private expect(text: string): Token {
    const token = this.accept(text);
    if (!token) this.mismatched(`'${text}'`);
    return token!;
  }

  private fail(message: string, at: number): never {
    throw new EqlQueryError(message, this.query, at);
  }

  private mismatched(expected: string): never {
    const token = this.token;
    const input = token.kind === "eof" ? "<EOF>" : `'${token.text}'`;
    return this.fail(`mismatched input ${input} expecting ${expected}`, token.start);
  }

  statement(): EqlStatement {
    const query = this.queryRule();
    const pipes: EqlPipe[] = [];
    while (this.is("|")) pipes.push(this.pipe());
    if (this.token.kind !== "eof")
      this.fail(`extraneous input '${this.token.text}' expecting {<EOF>, '|'}`, this.token.start);
    return { type: "statement", query, pipes, start: query.start, end: this.previousEnd };
  }

  private queryRule(): EqlQuery {
    if (this.is("sequence")) return this.sequence();
    if (this.is("sample")) return this.sample();
    if (this.is("join")) {
      // ES parses joins, then refuses them.
      this.fail("Queries using [join] are not supported", this.token.start);
    }
    return this.eventFilter();
  }

  private sequence(): EqlSequence {
    const start = this.expect("sequence").start;
    let by: EqlExpression[] = [];
    let maxspan: EqlTimeSpan | undefined;
    if (this.is("by")) {
      by = this.joinKeys();
      if (this.is("with")) maxspan = this.sequenceParams();
    } else if (this.is("with")) {
      maxspan = this.sequenceParams();
      if (this.is("by")) this.fail("Please specify sequence [by] before [with] not after", this.token.start);
    }
    const terms: EqlSequenceTerm[] = [];
    while (this.is("[") || this.is("![")) terms.push(this.sequenceTerm());
    if (terms.length === 0) this.mismatched("{'[', '!['}");
    let until: EqlSequenceTerm | undefined;
    if (this.accept("until")) {
      until = this.sequenceTerm();
      if (until.missing) this.fail("Missing events are not allowed in [until]", until.start);
      if (until.runs !== undefined) this.fail("[runs] is not allowed in [until]", until.start);
    }
    const end = this.previousEnd;
    const positive = terms.filter((term) => !term.missing).length;
    // `with runs=N` repeats a term: it counts N times.
    const count = terms.reduce((sum, term) => sum + (term.runs ?? 1), 0);
    if (count < 2) this.fail(`A sequence requires a minimum of 2 queries, found [${count}]`, start);
    if (positive === 0) this.fail("A sequence requires at least one positive event query; found none", start);
    if (positive < terms.length && !maxspan) {
      this.fail("[maxspan] is required for sequences with missing events queries; found none", start);
    }
    return { type: "sequence", by, maxspan, terms, until, start, end };
  }

  private sequenceParams(): EqlTimeSpan {
    this.expect("with");
    this.expect("maxspan");
    this.expect("=");
    return this.timeUnit();
  }

  private timeUnit(): EqlTimeSpan {
    const numberToken = this.token;
    if (numberToken.kind !== "integer" && numberToken.kind !== "decimal")
      this.mismatched("{INTEGER_VALUE, DECIMAL_VALUE}");
    this.index++;
    const value = Number(numberToken.text);
    const unitToken = this.token;
    if (unitToken.kind !== "identifier" || unitToken.start !== numberToken.end) {
      if (unitToken.kind === "identifier") this.index++;
      return this.fail(
        `No time unit specified, please use one of [ms, s, m, h, d] in [${numberToken.text}]`,
        numberToken.start,
      );
    }
    this.index++;
    const unit = unitToken.text as EqlTimeUnit;
    if (!(unit in TIME_UNITS)) {
      this.fail(
        `Unrecognized time unit [${unitToken.text}], please specify one of [ms, s, m, h, d]`,
        unitToken.start,
      );
    }
    if (numberToken.kind !== "integer" || value < 0) {
      this.fail(
        `Decimal or negative time values are not supported: [${numberToken.text}]`,
        numberToken.start,
      );
    }
    return { value, unit, millis: value * TIME_UNITS[unit], start: numberToken.start, end: unitToken.end };
  }

  private sequenceTerm(): EqlSequenceTerm {
    const open = this.token;
    const missing = open.text === "![";
    const query = this.subquery();
    const by = this.is("by") ? this.joinKeys() : [];
    let runs: number | undefined;
    if (this.accept("with")) {
      const key = this.token;
      if (key.kind !== "identifier") this.mismatched("IDENTIFIER");
      this.index++;
      if (key.text !== "runs") this.fail(`Unrecognized option [${key.text}], expecting [runs]`, key.start);
      this.expect("=");
      const count = this.token;
      if (count.kind !== "integer" && count.kind !== "decimal")
        this.mismatched("{INTEGER_VALUE, DECIMAL_VALUE}");
      this.index++;
      runs = Number(count.text);
      if (count.kind !== "integer" || runs < 1 || runs > MAX_RUNS) {
        this.fail(
          `A positive [runs] value greater than 0 and at most ${MAX_RUNS} is required; found [${count.text}]`,
          count.start,
        );
      }
      if (missing) this.fail("[runs] is not allowed on missing events queries", key.start);
    }
    return { missing, query, by, runs, start: open.start, end: this.previousEnd };
  }

  private sample(): EqlSample {
    const start = this.expect("sample").start;
    const by = this.is("by") ? this.joinKeys() : [];
    const terms: EqlSampleTerm[] = [];
    while (this.is("[") || this.is("![")) {
      const open = this.token;
      if (open.text === "![") this.fail("Missing events are only supported in sequences", open.start);
      const query = this.subquery();
      const termBy = this.is("by") ? this.joinKeys() : [];
      terms.push({ query, by: termBy, start: open.start, end: this.previousEnd });
    }
    if (terms.length === 0) this.mismatched("'['");
    if (this.is("until")) this.fail("[until] is not supported in samples", this.token.start);
    if (terms.length < 2)
      this.fail(`A sample requires a minimum of 2 queries, found [${terms.length}]`, start);
    return { type: "sample", by, terms, start, end: this.previousEnd };
  }

  private joinKeys(): EqlExpression[] {
    this.expect("by");
    const keys = [this.expression()];
    while (this.accept(",")) keys.push(this.expression());
    return keys;
  }

  private subquery(): EqlEventQuery {
    if (!this.accept("[") && !this.accept("![")) this.mismatched("{'[', '!['}");
    const query = this.eventFilter();
    this.expect("]");
    return query;
  }

  private eventFilter(): EqlEventQuery {
    const token = this.token;
    let category: EqlCategory | undefined;
    if (this.accept("any")) category = undefined;
    else if (token.kind === "identifier") {
      this.index++;
      category = { name: token.text, quoting: "none", start: token.start, end: token.end };
    } else if (token.kind === "string") {
      this.index++;
      const quoting = token.text.startsWith('"""') ? "triple" : "double";
      category = { name: stringValue(token, this.query), quoting, start: token.start, end: token.end };
    } else this.mismatched("{'any', STRING, IDENTIFIER}");
    this.expect("where");
    const condition = this.expression();
    return { type: "event", category, condition, start: token.start, end: this.previousEnd };
  }

  private pipe(): EqlPipe {
    const start = this.expect("|").start;
    const name = this.token;
    if (name.kind !== "identifier") this.mismatched("IDENTIFIER");
    this.index++;
    const args: EqlExpression[] = [];
    if (this.token.kind !== "eof" && !this.is("|")) {
      args.push(this.expression());
      while (this.accept(",")) args.push(this.expression());
    }
    const end = this.previousEnd;
    if (name.text !== "head" && name.text !== "tail")
      this.fail(`Pipe [${name.text}] is not supported`, name.start);
    const count = args.length === 1 ? args[0] : undefined;
    if (args.length > 1)
      this.fail(`Pipe [${name.text}] expects one argument, found [${args.length}]`, args[1].start);
    if (
      count &&
      !(count.type === "literal" && count.kind === "number" && count.integer && count.value >= 0)
    ) {
      this.fail(
        `Pipe [${name.text}] expects a positive integer, found [${this.query.slice(count.start, count.end)}]`,
        count.start,
      );
    }
    const value = count?.type === "literal" && count.kind === "number" ? count.value : 10;
    return { name: name.text as "head" | "tail", count: value, start, end };
  }

  expression(): EqlExpression {
    if (++this.depth > MAX_NESTING) this.fail("query is nested too deeply", this.token.start);
    try {
      return this.orExpression();
    } finally {
      this.depth--;
    }
  }

  private orExpression(): EqlExpression {
    let left = this.andExpression();
    while (this.accept("or")) {
      const right = this.andExpression();
      left = { type: "or", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private andExpression(): EqlExpression {
    let left = this.notExpression();
    while (this.accept("and")) {
      const right = this.notExpression();
      left = { type: "and", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private notExpression(): EqlExpression {
    const not = this.accept("not");
    if (not) {
      if (++this.depth > MAX_NESTING) this.fail("query is nested too deeply", not.start);
      const operand = this.notExpression();
      this.depth--;
      return { type: "not", operand, start: not.start, end: operand.end };
    }
    const next = this.tokens[this.index + 1];
    if (this.token.kind === "identifier" && next.kind === "keyword" && next.text === "of") {
      this.fail(`Process relationships such as [${this.token.text} of] are not supported`, this.token.start);
    }
    return this.valueExpression();
  }

  private valueExpression(): EqlExpression {
    const left = this.additive();
    if (this.token.kind === "operator" && COMPARISONS.has(this.token.text)) {
      const operator = this.tokens[this.index++].text as EqlComparisonOperator;
      const right = this.additive();
      return { type: "comparison", operator, left, right, start: left.start, end: right.end };
    }
    if (this.is("=")) this.fail("mismatched input '=': use [==] to compare values", this.token.start);
    return left;
  }

  private additive(): EqlExpression {
    let left = this.multiplicative();
    while (this.is("+") || this.is("-")) {
      const operator = this.tokens[this.index++].text as "+" | "-";
      const right = this.multiplicative();
      left = { type: "arithmetic", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private multiplicative(): EqlExpression {
    let left = this.unary();
    while (this.is("*") || this.is("/") || this.is("%")) {
      const operator = this.tokens[this.index++].text as "*" | "/" | "%";
      const right = this.unary();
      left = { type: "arithmetic", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): EqlExpression {
    if (this.is("-") || this.is("+")) {
      const sign = this.tokens[this.index++];
      if (++this.depth > MAX_NESTING) this.fail("query is nested too deeply", sign.start);
      const operand = this.unary();
      this.depth--;
      return {
        type: "negation",
        operator: sign.text as "-" | "+",
        operand,
        start: sign.start,
        end: operand.end,
      };
    }
    return this.predicate(this.primary());
  }

  private predicate(subject: EqlExpression): EqlExpression {
    const negated = this.is("not") && (this.peekIs(1, "in") || this.peekIs(1, "in~"));
    if (negated) this.index++;
    if (this.is("in") || this.is("in~")) {
      const caseInsensitive = this.tokens[this.index++].text === "in~";
      this.expect("(");
      const values = [this.expression()];
      while (this.accept(",")) values.push(this.expression());
      this.expect(")");
      return {
        type: "in",
        subject,
        values,
        negated,
        caseInsensitive,
        start: subject.start,
        end: this.previousEnd,
      };
    }
    if ((this.token.kind === "operator" || this.token.kind === "keyword") && MATCHES.has(this.token.text)) {
      const operator = this.tokens[this.index++].text as EqlMatchOperator;
      const list = this.accept("(") !== undefined;
      const patterns = [this.constant()];
      if (list) {
        while (this.accept(",")) patterns.push(this.constant());
        this.expect(")");
      }
      return {
        type: "match",
        operator,
        subject,
        patterns,
        list,
        start: subject.start,
        end: this.previousEnd,
      };
    }
    return subject;
  }

  private peekIs(offset: number, text: string): boolean {
    const token = this.tokens[this.index + offset];
    return token !== undefined && token.kind === "keyword" && token.text === text;
  }

  private primary(): EqlExpression {
    const token = this.token;
    if (this.accept("(")) {
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (
      (token.kind === "identifier" || token.kind === "tilde-identifier") &&
      this.tokens[this.index + 1].text === "(" &&
      this.tokens[this.index + 1].kind === "operator"
    ) {
      return this.functionCall();
    }
    if (token.kind === "tilde-identifier") this.mismatched("'('");
    if (token.kind === "identifier" || token.kind === "quoted-identifier" || this.is("?"))
      return this.qualifiedName();
    return this.constant();
  }

  private functionCall(): EqlExpression {
    const nameToken = this.tokens[this.index++];
    this.expect("(");
    const args: EqlExpression[] = [];
    if (!this.is(")")) {
      args.push(this.expression());
      while (this.accept(",")) args.push(this.expression());
    }
    this.expect(")");
    const caseInsensitive = nameToken.kind === "tilde-identifier";
    const name = caseInsensitive ? nameToken.text.slice(0, -1) : nameToken.text;
    return { type: "function", name, caseInsensitive, args, start: nameToken.start, end: this.previousEnd };
  }

  private qualifiedName(): EqlField {
    const start = this.token.start;
    const optional = this.accept("?") !== undefined;
    const parts: EqlFieldPart[] = [this.identifier()];
    for (;;) {
      if (this.accept(".")) parts.push(this.identifier());
      else if (this.is("[") && this.tokens[this.index + 1].kind === "integer") {
        this.fail("Array indexes are not supported", this.token.start);
      } else break;
    }
    const name = parts.map((part) => part.name).join(".");
    return { type: "field", name, parts, optional, start, end: this.previousEnd };
  }

  private identifier(): EqlFieldPart {
    const token = this.token;
    if (token.kind === "identifier") {
      this.index++;
      return { name: token.text, quoted: false };
    }
    if (token.kind === "quoted-identifier") {
      this.index++;
      return { name: token.text.slice(1, -1).replaceAll("``", "`"), quoted: true };
    }
    return this.mismatched("{IDENTIFIER, QUOTED_IDENTIFIER}");
  }

  private constant(): EqlLiteral {
    const token = this.token;
    const span = { start: token.start, end: token.end };
    switch (token.kind) {
      case "string":
        this.index++;
        return {
          type: "literal",
          kind: "string",
          value: stringValue(token, this.query),
          quoting: token.text.startsWith('"""') ? "triple" : "double",
          ...span,
        };
      case "integer":
      case "decimal": {
        this.index++;
        const value = Number(token.text);
        if (!Number.isFinite(value)) this.fail(`Number [${token.text}] is too large`, token.start);
        return {
          type: "literal",
          kind: "number",
          value,
          text: token.text,
          integer: token.kind === "integer",
          ...span,
        };
      }
      case "keyword":
        if (token.text === "true" || token.text === "false") {
          this.index++;
          return { type: "literal", kind: "boolean", value: token.text === "true", ...span };
        }
        if (token.text === "null") {
          this.index++;
          return { type: "literal", kind: "null", value: null, ...span };
        }
        break;
      default:
        break;
    }
    return this.mismatched(
      "{'null', 'true', 'false', '?', STRING, INTEGER_VALUE, DECIMAL_VALUE, IDENTIFIER, QUOTED_IDENTIFIER, '(', '-', '+'}",
    );
  }
}
