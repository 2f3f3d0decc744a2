/*
 * ES|QL grammar as dac parses it (Elasticsearch 9.x; keywords are case-insensitive):
 *
 *   query          := setting* sourceCommand ("|" processingCommand)*
 *   setting        := SET name "=" constant ";"
 *   sourceCommand  := FROM indexPattern ("," indexPattern)* (METADATA name ("," name)*)?
 *                   | TS indexPattern ("," indexPattern)* (METADATA ...)?
 *                   | ROW field ("," field)*
 *                   | SHOW INFO
 *   processingCommand :=
 *       WHERE boolean | EVAL field ("," field)* | LIMIT integer | SAMPLE decimal
 *     | (STATS | INLINE STATS | INLINESTATS) (aggField ("," aggField)*)? (BY field ("," field)*)?
 *     | KEEP pattern ("," pattern)* | DROP pattern ("," pattern)*
 *     | RENAME (pattern AS name | name "=" pattern) ("," ...)*
 *     | SORT boolean (ASC | DESC)? (NULLS (FIRST | LAST))? ("," ...)*
 *     | DISSECT primary string (name "=" constant)* | GROK primary string ("," string)*
 *     | MV_EXPAND name | ENRICH (mode ":")? policy (ON name)? (WITH (name "=")? name ("," ...)*)?
 *     | LOOKUP JOIN indexPattern ON boolean ("," boolean)*
 *     | CHANGE_POINT name (ON name)? (AS name "," name)?
 *     | FORK ("(" processingCommand ("|" processingCommand)* ")")+
 *     | COMPLETION (name "=")? primary WITH map
 *     | RERANK (name "=")? constant ON field ("," field)* (WITH map)?
 *   field          := (name "=")? boolean
 *   aggField       := field (WHERE boolean)?
 *   boolean        := boolean OR boolean | boolean AND boolean | NOT boolean
 *                   | value NOT? IN "(" boolean ("," boolean)* ")" | value IS NOT? NULL
 *                   | value NOT? (LIKE | RLIKE) (operand | "(" operand ("," operand)* ")")
 *                   | name ":" constant | value
 *   value          := operand (("==" | "!=" | "<" | "<=" | ">" | ">=" | "=~") operand)?
 *   operand        := operand ("+" | "-") operand | operand ("*" | "/" | "%") operand | ("-" | "+") operand
 *                   | primary
 *   primary        := primary "::" type | constant | name | call | "(" boolean ")"
 *   call           := word "(" ("*" | (boolean ("," boolean)* ("," map)?)?) ")"
 *   constant       := NULL | TRUE | FALSE | number | number timeUnit | string | param
 *                   | "[" (constant ("," constant)*)? "]"
 *   name           := (word | `quoted` | ??param) ("." (word | `quoted`))*
 *   map            := "{" (string ":" (constant | map) ("," ...)*)? "}"
 */
import type {
  AggregateField,
  BinaryOperator,
  Command,
  Expression,
  Field,
  IndexPattern,
  ListLiteral,
  Literal,
  MapExpression,
  NamePattern,
  QualifiedName,
  Query,
  Setting,
  SortKey,
} from "./ast.js";
import { Lexer, type Token } from "./lexer.js";
import { EsqlSyntaxError } from "./syntax-error.js";

/** Parses an ES|QL query; throws {@link EsqlSyntaxError} at the first position Elasticsearch's grammar rejects. */
export function parseEsql(text: string): Query {
  return new Parser(text).query();
}

const COMPARISONS = new Set(["==", "!=", "<", "<=", ">", ">=", "=~"]);
/** Words that end an expression (so `x by` is not read as a name followed by garbage). */
const RESERVED = new Set(["and", "or", "not", "in", "is", "like", "rlike", "null", "true", "false", "by"]);
/** Words that cannot be the unit of a span literal: they continue the command instead. */
const NOT_A_UNIT = new Set([...RESERVED, "as", "where", "asc", "desc", "nulls", "on", "with", "metadata"]);

class Parser {
  private readonly lexer: Lexer;
  /** Tokens read so far; `position` is the first one not yet consumed. */
  private tokens: Token[] = [];
  private position = 0;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  query(): Query {
    const settings: Setting[] = [];
    while (this.isWord("set")) settings.push(this.setting());
    const first = this.sourceCommand();
    const commands: Command[] = [first];
    while (this.isOp("|")) {
      this.advance();
      commands.push(this.processingCommand());
    }
    const tail = this.peek();
    if (tail.kind !== "eof") throw this.unexpected(tail, "'|' or end of query");
    return {
      start: settings[0]?.start ?? first.start,
      end: commands[commands.length - 1].end,
      settings,
      commands,
    };
  }

  private setting(): Setting {
    const start = this.advance().start;
    const name = this.expectKind("word", "a setting name").value;
    this.expectOp("=");
    const value = this.constant();
    const end = this.expectOp(";").end;
    return { start, end, name, value };
  }

  private sourceCommand(): Command {
    const token = this.peek();
    if (token.kind !== "word") throw this.unexpected(token, "FROM, ROW, SHOW or TS");
    switch (token.lower) {
      case "from":
      case "ts":
        return this.from();
      case "row": {
        this.advance();
        const fields = this.fields();
        return { type: "row", start: token.start, end: fields[fields.length - 1].end, fields };
      }
      case "show": {
        this.advance();
        const item = this.expectWord("info");
        return { type: "show", start: token.start, end: item.end, item: "info" };
      }
      default:
        throw this.unexpected(token, "FROM, ROW, SHOW or TS");
    }
  }

  private from(): Command {
    const keyword = this.advance();
    const type = keyword.lower as "from" | "ts";
    const indices = [this.indexPattern()];
    while (this.isOp(",")) {
      this.advance();
      indices.push(this.indexPattern());
    }
    const metadata: QualifiedName[] = [];
    let end = indices[indices.length - 1].end;
    if (this.isWord("metadata")) {
      this.advance();
      do {
        if (metadata.length > 0) this.advance();
        const name = this.qualifiedName();
        metadata.push(name);
        end = name.end;
      } while (this.isOp(","));
    }
    return { type, start: keyword.start, end, indices, metadata };
  }

  private indexPattern(): IndexPattern {
    // index patterns have their own lexical rules: rescan from the first token not yet consumed
    if (this.tokens.length > this.position) this.lexer.pos = this.tokens[this.position].start;
    this.tokens.length = this.position;
    const token = this.lexer.indexPattern();
    if (!token) throw this.unexpected(this.peek(), "an index pattern");
    return { start: token.start, end: token.end, text: token.value, quoted: token.kind === "string" };
  }

  private processingCommand(): Command {
    const token = this.peek();
    if (token.kind !== "word") throw this.unexpected(token, "a processing command");
    const start = token.start;
    const keyword = token.lower;
    switch (keyword) {
      case "where": {
        this.advance();
        const condition = this.boolean();
        return { type: "where", start, end: condition.end, condition };
      }
      case "eval": {
        this.advance();
        const fields = this.fields();
        return { type: "eval", start, end: fields[fields.length - 1].end, fields };
      }
      case "stats":
      case "inlinestats":
        this.advance();
        return this.stats(start, keyword === "stats" ? "stats" : "inline_stats");
      case "inline":
        this.advance();
        this.expectWord("stats");
        return this.stats(start, "inline_stats");
      case "keep":
      case "drop": {
        this.advance();
        const patterns = this.list(() => this.namePattern());
        return { type: keyword, start, end: patterns[patterns.length - 1].end, patterns };
      }
      case "rename":
        this.advance();
        return this.rename(start);
      case "sort": {
        this.advance();
        const keys = this.list(() => this.sortKey());
        return { type: "sort", start, end: keys[keys.length - 1].end, keys };
      }
      case "limit": {
        this.advance();
        const count = this.constant();
        if (count.type !== "integer" && count.type !== "param") {
          throw new EsqlSyntaxError("LIMIT expects an integer", this.text, count.start);
        }
        return { type: "limit", start, end: count.end, count };
      }
      case "sample": {
        this.advance();
        const probability = this.constant();
        return { type: "sample", start, end: probability.end, probability };
      }
      case "dissect":
        this.advance();
        return this.dissect(start);
      case "grok": {
        this.advance();
        const input = this.primary();
        const patterns = this.list(() => this.stringConstant());
        return { type: "grok", start, end: patterns[patterns.length - 1].end, input, patterns };
      }
      case "mv_expand": {
        this.advance();
        const column = this.qualifiedName();
        return { type: "mv_expand", start, end: column.end, column };
      }
      case "enrich":
        this.advance();
        return this.enrich(start);
      case "lookup": {
        this.advance();
        this.expectWord("join");
        const index = this.indexPattern();
        this.expectWord("on");
        const on = this.list(() => this.boolean());
        return { type: "lookup_join", start, end: on[on.length - 1].end, index, on };
      }
      case "change_point":
        this.advance();
        return this.changePoint(start);
      case "fork":
        this.advance();
        return this.fork(start);
      case "completion":
        this.advance();
        return this.completion(start);
      case "rerank":
        this.advance();
        return this.rerank(start);
      default:
        throw this.unexpected(token, "a processing command");
    }
  }

  private stats(start: number, type: "stats" | "inline_stats"): Command {
    const aggregates: AggregateField[] = [];
    let end = this.previousEnd;
    if (!this.isWord("by") && !this.atCommandEnd()) {
      aggregates.push(
        ...this.list(() => {
          const field = this.field();
          if (!this.isWord("where")) return { ...field, where: null };
          this.advance();
          const where = this.boolean();
          return { ...field, where, end: where.end };
        }),
      );
      end = aggregates[aggregates.length - 1].end;
    }
    const groups: Field[] = [];
    if (this.isWord("by")) {
      this.advance();
      groups.push(...this.fields());
      end = groups[groups.length - 1].end;
    }
    if (aggregates.length === 0 && groups.length === 0)
      throw this.unexpected(this.peek(), "an aggregation or BY");
    return { type, start, end, aggregates, groups };
  }

  private rename(start: number): Command {
    const pairs = this.list(() => {
      const first = this.namePattern();
      if (this.isOp("=")) {
        this.advance();
        const from = this.namePattern();
        return { from, to: asName(first, this.text) };
      }
      this.expectWord("as");
      return { from: first, to: this.qualifiedName() };
    });
    return { type: "rename", start, end: pairs[pairs.length - 1].to.end, pairs };
  }

  private sortKey(): SortKey {
    const value = this.boolean();
    let end = value.end;
    let order: SortKey["order"] = null;
    let nulls: SortKey["nulls"] = null;
    if (this.isWord("asc") || this.isWord("desc")) {
      const token = this.advance();
      order = token.lower as "asc" | "desc";
      end = token.end;
    }
    if (this.isWord("nulls")) {
      this.advance();
      const token = this.peek();
      if (!this.isWord("first") && !this.isWord("last")) throw this.unexpected(token, "FIRST or LAST");
      this.advance();
      nulls = token.lower as "first" | "last";
      end = token.end;
    }
    return { start: value.start, end, value, order, nulls };
  }

  private dissect(start: number): Command {
    const input = this.primary();
    const pattern = this.stringConstant();
    const options: { name: string; value: Literal }[] = [];
    let end = pattern.end;
    while (this.peek().kind === "word" && this.peek(1).text === "=") {
      const name = this.advance().value;
      this.advance();
      const value = this.constant();
      options.push({ name, value });
      end = value.end;
    }
    return { type: "dissect", start, end, input, pattern, options };
  }

  private enrich(start: number): Command {
    let token = this.advance();
    if (token.kind !== "word" && token.kind !== "quoted") throw this.unexpected(token, "an enrich policy");
    let mode: string | null = null;
    let policy = token.value;
    let end = token.end;
    if (this.isOp(":") && this.peek().start === end) {
      this.advance();
      mode = policy;
      token = this.advance();
      policy = token.value;
      end = token.end;
    }
    // policy names may contain dashes and dots: read the raw run of characters
    while (this.peek().start === end && this.peek().kind !== "eof" && !this.isOp("|") && !this.isOp(",")) {
      token = this.advance();
      policy += token.text;
      end = token.end;
    }
    let on: QualifiedName | null = null;
    if (this.isWord("on")) {
      this.advance();
      on = this.qualifiedName();
      end = on.end;
    }
    const withFields: { name: QualifiedName | null; field: QualifiedName }[] = [];
    if (this.isWord("with")) {
      this.advance();
      withFields.push(
        ...this.list(() => {
          const first = this.qualifiedName();
          if (!this.isOp("=")) return { name: null, field: first };
          this.advance();
          return { name: first, field: this.qualifiedName() };
        }),
      );
      end = withFields[withFields.length - 1].field.end;
    }
    return { type: "enrich", start, end, policy, mode, on, with: withFields };
  }

  private changePoint(start: number): Command {
    const value = this.qualifiedName();
    let end = value.end;
    let key: QualifiedName | null = null;
    let as: [QualifiedName, QualifiedName] | null = null;
    if (this.isWord("on")) {
      this.advance();
      key = this.qualifiedName();
      end = key.end;
    }
    if (this.isWord("as")) {
      this.advance();
      const typeName = this.qualifiedName();
      this.expectOp(",");
      const pvalueName = this.qualifiedName();
      as = [typeName, pvalueName];
      end = pvalueName.end;
    }
    return { type: "change_point", start, end, value, key, as };
  }

  private fork(start: number): Command {
    const branches: Command[][] = [];
    let end = start;
    while (this.isOp("(")) {
      this.advance();
      const branch = [this.processingCommand()];
      while (this.isOp("|")) {
        this.advance();
        branch.push(this.processingCommand());
      }
      end = this.expectOp(")").end;
      branches.push(branch);
    }
    if (branches.length < 2) throw this.unexpected(this.peek(), "'(' (FORK needs at least two branches)");
    return { type: "fork", start, end, branches };
  }

  private completion(start: number): Command {
    let target: QualifiedName | null = null;
    if (this.startsAssignment()) {
      target = this.qualifiedName();
      this.expectOp("=");
    }
    const prompt = this.primary();
    this.expectWord("with");
    const options = this.map();
    return { type: "completion", start, end: options.end, target, prompt, options };
  }

  private rerank(start: number): Command {
    let target: QualifiedName | null = null;
    if (this.startsAssignment()) {
      target = this.qualifiedName();
      this.expectOp("=");
    }
    const query = this.constant();
    this.expectWord("on");
    const on = this.fields();
    let options: MapExpression | null = null;
    let end = on[on.length - 1].end;
    if (this.isWord("with")) {
      this.advance();
      options = this.map();
      end = options.end;
    }
    return { type: "rerank", start, end, target, query, on, options };
  }

  private fields(): Field[] {
    return this.list(() => this.field());
  }

  private field(): Field {
    if (this.startsAssignment()) {
      const name = this.qualifiedName();
      this.expectOp("=");
      const value = this.boolean();
      return { start: name.start, end: value.end, name, value };
    }
    const value = this.boolean();
    return { start: value.start, end: value.end, name: null, value };
  }

  /** A qualified name followed by a single `=` (not `==`). */
  private startsAssignment(): boolean {
    let i = 0;
    for (;;) {
      const part = this.peek(i);
      if (
        part.kind !== "word" &&
        part.kind !== "quoted" &&
        !(part.kind === "param" && part.text.startsWith("??"))
      ) {
        return false;
      }
      if (part.kind === "word" && RESERVED.has(part.lower)) return false;
      const after = this.peek(i + 1);
      if (after.kind === "op" && after.text === "=") return true;
      if (after.kind !== "op" || after.text !== ".") return false;
      i += 2;
    }
  }

  private list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.isOp(",")) {
      this.advance();
      items.push(item());
    }
    return items;
  }

  // ---- expressions ----

  boolean(): Expression {
    let left = this.andExpression();
    while (this.isWord("or")) {
      this.advance();
      const right = this.andExpression();
      left = { type: "logical", operator: "or", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private andExpression(): Expression {
    let left = this.notExpression();
    while (this.isWord("and")) {
      this.advance();
      const right = this.notExpression();
      left = { type: "logical", operator: "and", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private notExpression(): Expression {
    if (this.isWord("not")) {
      const start = this.advance().start;
      const operand = this.notExpression();
      return { type: "not", operand, start, end: operand.end };
    }
    return this.predicate();
  }

  private predicate(): Expression {
    const value = this.comparison();
    const start = value.start;
    if (this.isOp(":")) {
      this.advance();
      const query = this.operand();
      return { type: "match", field: value, query, start, end: query.end };
    }
    let negated = false;
    if (this.isWord("not")) {
      const after = this.peek(1);
      const word = after.kind === "word" ? after.lower : "";
      if (word !== "in" && word !== "like" && word !== "rlike") return value;
      this.advance();
      negated = true;
    }
    if (this.isWord("in")) {
      this.advance();
      this.expectOp("(");
      const list = this.list(() => this.boolean());
      const end = this.expectOp(")").end;
      return { type: "in", negated, value, list, start, end };
    }
    if (this.isWord("like") || this.isWord("rlike")) {
      const operator = this.advance().value.toLowerCase() as "like" | "rlike";
      if (this.isOp("(")) {
        this.advance();
        const patterns = this.list(() => this.operand());
        const end = this.expectOp(")").end;
        return { type: "like", operator, negated, value, patterns, list: true, start, end };
      }
      const pattern = this.operand();
      return {
        type: "like",
        operator,
        negated,
        value,
        patterns: [pattern],
        list: false,
        start,
        end: pattern.end,
      };
    }
    if (negated) throw this.unexpected(this.peek(), "IN, LIKE or RLIKE");
    if (this.isWord("is")) {
      this.advance();
      let isNegated = false;
      if (this.isWord("not")) {
        this.advance();
        isNegated = true;
      }
      const end = this.expectWord("null").end;
      return { type: "isNull", negated: isNegated, value, start, end };
    }
    return value;
  }

  private comparison(): Expression {
    const left = this.operand();
    const token = this.peek();
    if (token.kind === "op" && COMPARISONS.has(token.text)) {
      this.advance();
      const right = this.operand();
      return {
        type: "binary",
        operator: token.text as BinaryOperator,
        left,
        right,
        start: left.start,
        end: right.end,
      };
    }
    return left;
  }

  private operand(): Expression {
    let left = this.term();
    while (this.isOp("+") || this.isOp("-")) {
      const operator = this.advance().text as BinaryOperator;
      const right = this.term();
      left = { type: "binary", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private term(): Expression {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("%")) {
      const operator = this.advance().text as BinaryOperator;
      const right = this.unary();
      left = { type: "binary", operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Expression {
    if (this.isOp("-") || this.isOp("+")) {
      const sign = this.advance();
      const operand = this.unary();
      if (sign.text === "+") return operand;
      return { type: "negate", operand, start: sign.start, end: operand.end };
    }
    return this.primary();
  }

  primary(): Expression {
    let value = this.atom();
    while (this.isOp("::")) {
      this.advance();
      const type = this.expectKind("word", "a type name");
      value = { type: "cast", value, to: type.lower, start: value.start, end: type.end };
    }
    return value;
  }

  private atom(): Expression {
    const token = this.peek();
    if (token.kind === "op" && token.text === "(") {
      this.advance();
      const inner = this.boolean();
      this.expectOp(")");
      return inner;
    }
    if (token.kind === "op" && token.text === "[") return this.listLiteral();
    if (token.kind === "op" && token.text === "{") return this.map();
    if (token.kind === "word" && !RESERVED.has(token.lower) && this.peek(1).text === "(") {
      return this.call();
    }
    if (token.kind === "word" && RESERVED.has(token.lower)) {
      const word = token.lower;
      if (word === "null" || word === "true" || word === "false") return this.constant();
      throw this.unexpected(token, "an expression");
    }
    if (
      token.kind === "word" ||
      token.kind === "quoted" ||
      (token.kind === "param" && token.text.startsWith("??"))
    ) {
      return this.qualifiedName();
    }
    if (
      token.kind === "integer" ||
      token.kind === "decimal" ||
      token.kind === "string" ||
      token.kind === "param"
    ) {
      return this.constant();
    }
    throw this.unexpected(token, "an expression");
  }

  private call(): Expression {
    const nameToken = this.advance();
    this.advance();
    const args: Expression[] = [];
    let star = false;
    let options: MapExpression | undefined;
    if (this.isOp("*") && this.peek(1).text === ")") {
      this.advance();
      star = true;
    } else if (!this.isOp(")")) {
      do {
        if (args.length > 0 || options) this.advance();
        if (options) throw this.unexpected(this.peek(), "')' after the options map");
        const arg = this.boolean();
        if (arg.type === "map") options = arg;
        else args.push(arg);
      } while (this.isOp(","));
    }
    const end = this.expectOp(")").end;
    return {
      type: "call",
      name: nameToken.lower,
      star,
      args,
      ...(options ? { options } : {}),
      start: nameToken.start,
      end,
    };
  }

  private map(): MapExpression {
    const start = this.expectOp("{").start;
    const entries: { key: string; value: Expression }[] = [];
    if (!this.isOp("}")) {
      do {
        if (entries.length > 0) this.advance();
        const key = this.expectKind("string", "a string key").value;
        this.expectOp(":");
        const value = this.isOp("{") ? this.map() : this.isOp("[") ? this.listLiteral() : this.constant();
        entries.push({ key, value });
      } while (this.isOp(","));
    }
    const end = this.expectOp("}").end;
    return { type: "map", entries, start, end };
  }

  private listLiteral(): ListLiteral {
    const start = this.expectOp("[").start;
    const items: Literal[] = [];
    if (!this.isOp("]")) {
      do {
        if (items.length > 0) this.advance();
        items.push(this.signedConstant());
      } while (this.isOp(","));
    }
    const end = this.expectOp("]").end;
    return { type: "list", items, start, end };
  }

  private signedConstant(): Literal {
    if (!this.isOp("-")) return this.constant();
    const sign = this.advance();
    const value = this.constant();
    if (value.type !== "integer" && value.type !== "decimal") throw this.unexpected(sign, "a number");
    return { ...value, value: -value.value, text: `-${value.text}`, start: sign.start };
  }

  private stringConstant(): Literal {
    const token = this.peek();
    if (token.kind !== "string" && token.kind !== "param") throw this.unexpected(token, "a string");
    return this.constant();
  }

  private constant(): Literal {
    const token = this.advance();
    const { start, end } = token;
    switch (token.kind) {
      case "string":
        return { type: "string", value: token.value, triple: token.triple === true, start, end };
      case "param": {
        const identifier = token.text.startsWith("??");
        const rest = token.text.slice(identifier ? 2 : 1);
        const position = /^[0-9]+$/.test(rest) ? Number(rest) : null;
        const name = rest === "" || position !== null ? null : rest;
        return { type: "param", name, position, identifier, start, end };
      }
      case "integer":
      case "decimal": {
        const value = Number(token.text);
        const unit = this.peek();
        // the grammar takes any word after an integer as its unit; unknown units are reported by the verifier
        if (token.kind === "integer" && unit.kind === "word" && !NOT_A_UNIT.has(unit.lower)) {
          this.advance();
          return { type: "timespan", value, unit: unit.lower, start, end: unit.end };
        }
        return { type: token.kind, value, text: token.text, start, end };
      }
      case "word": {
        const word = token.lower;
        if (word === "null") return { type: "null", start, end };
        if (word === "true" || word === "false")
          return { type: "boolean", value: word === "true", start, end };
        break;
      }
      default:
        break;
    }
    throw this.unexpected(token, "a constant");
  }

  private qualifiedName(): QualifiedName {
    const { parts, start, end } = this.nameParts(false);
    return { type: "name", parts, start, end };
  }

  /** A name for KEEP/DROP/RENAME: unquoted parts may contain `*`, written without spaces. */
  private namePattern(): NamePattern {
    const { parts, start, end } = this.nameParts(true);
    return { type: "pattern", parts, start, end };
  }

  private nameParts(pattern: boolean): { parts: string[]; start: number; end: number } {
    const parts: string[] = [];
    const start = this.peek().start;
    let end = start;
    for (;;) {
      let part = "";
      let first = true;
      // a part is a run of adjacent words and stars (pattern) or one quoted name
      for (;;) {
        const token = this.peek();
        const adjacent = first || token.start === end;
        if (!adjacent) break;
        if (token.kind === "quoted" && first) {
          this.advance();
          part = token.value;
          end = token.end;
          first = false;
          break;
        }
        const isStar = pattern && token.kind === "op" && token.text === "*";
        const isWord =
          token.kind === "word" || (first && token.kind === "param" && token.text.startsWith("??"));
        if (!isStar && !isWord) break;
        this.advance();
        part += token.text;
        end = token.end;
        first = false;
      }
      if (part === "")
        throw this.unexpected(this.peek(), pattern ? "a column name or pattern" : "a column name");
      parts.push(part);
      if (!this.isOp(".")) break;
      this.advance();
    }
    return { parts, start, end };
  }

  // ---- tokens ----

  private get previousEnd(): number {
    return this.lastEnd;
  }

  private lastEnd = 0;

  private peek(offset = 0): Token {
    const at = this.position + offset;
    while (this.tokens.length <= at) {
      const last = this.tokens[this.tokens.length - 1];
      if (last?.kind === "eof") return last;
      this.tokens.push(this.lexer.next());
    }
    return this.tokens[at];
  }

  private advance(): Token {
    const token = this.peek();
    if (token.kind !== "eof") this.position++;
    this.lastEnd = token.end;
    return token;
  }

  private atCommandEnd(): boolean {
    const token = this.peek();
    return token.kind === "eof" || (token.kind === "op" && (token.text === "|" || token.text === ")"));
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === "op" && token.text === text;
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === "word" && token.lower === word;
  }

  private expectOp(text: string): Token {
    if (!this.isOp(text)) throw this.unexpected(this.peek(), `'${text}'`);
    return this.advance();
  }

  private expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected(this.peek(), word.toUpperCase());
    return this.advance();
  }

  private expectKind(kind: Token["kind"], what: string): Token {
    if (this.peek().kind !== kind) throw this.unexpected(this.peek(), what);
    return this.advance();
  }

  private unexpected(token: Token, expected: string): EsqlSyntaxError {
    const found = token.kind === "eof" ? "<EOF>" : `'${token.text}'`;
    return new EsqlSyntaxError(`mismatched input ${found} expecting ${expected}`, this.text, token.start);
  }
}

/** The new name in `RENAME new = old` must be a plain name. */
function asName(pattern: NamePattern, text: string): QualifiedName {
  if (pattern.parts.some((part) => part.includes("*"))) {
    throw new EsqlSyntaxError("a new column name cannot hold a wildcard", text, pattern.start);
  }
  return { type: "name", parts: pattern.parts, start: pattern.start, end: pattern.end };
}
