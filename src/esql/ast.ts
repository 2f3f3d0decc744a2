/**
 * The ES|QL syntax tree. Every node carries its source span: `start` is the offset of its first character and `end`
 * the offset just past its last one (UTF-16 code units, like JavaScript strings), so findings point into the query.
 */

export interface SourceSpan {
  start: number;
  end: number;
}

/** A possibly dotted column name; each part as written without backquotes (`a.`b c`` is ["a", "b c"]). */
export interface QualifiedName extends SourceSpan {
  type: "name";
  parts: string[];
}

/** A KEEP/DROP name that may hold `*` wildcards in unquoted parts. */
export interface NamePattern extends SourceSpan {
  type: "pattern";
  parts: string[];
}

export type LiteralValue = string | number | boolean | null;

export type Literal =
  | (SourceSpan & { type: "null" })
  | (SourceSpan & { type: "boolean"; value: boolean })
  | (SourceSpan & { type: "integer"; value: number; text: string })
  | (SourceSpan & { type: "decimal"; value: number; text: string })
  /** `triple` marks a `"""..."""` string, written back the same way. */
  | (SourceSpan & { type: "string"; value: string; triple: boolean })
  /** `1 hour`, `30 seconds`: a quantity with a time unit. */
  | (SourceSpan & { type: "timespan"; value: number; unit: string })
  /** `?`, `?name`, `?1`; `??name` is an identifier parameter. */
  | (SourceSpan & { type: "param"; name: string | null; position: number | null; identifier: boolean });

export interface ListLiteral extends SourceSpan {
  type: "list";
  items: Literal[];
}

export type BinaryOperator = "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "=~";

export type Expression =
  | Literal
  | ListLiteral
  | QualifiedName
  | (SourceSpan & { type: "call"; name: string; star: boolean; args: Expression[]; options?: MapExpression })
  | (SourceSpan & { type: "binary"; operator: BinaryOperator; left: Expression; right: Expression })
  | (SourceSpan & { type: "negate"; operand: Expression })
  | (SourceSpan & { type: "not"; operand: Expression })
  | (SourceSpan & { type: "logical"; operator: "and" | "or"; left: Expression; right: Expression })
  | (SourceSpan & { type: "in"; negated: boolean; value: Expression; list: Expression[] })
  | (SourceSpan & { type: "isNull"; negated: boolean; value: Expression })
  | (SourceSpan & {
      type: "like";
      operator: "like" | "rlike";
      negated: boolean;
      value: Expression;
      patterns: Expression[];
      /** `LIKE ("a*", "b*")`: the list form, printed with parentheses even for one pattern. */
      list: boolean;
    })
  /** `field : "text"`, the full-text match operator. */
  | (SourceSpan & { type: "match"; field: Expression; query: Expression })
  | (SourceSpan & { type: "cast"; value: Expression; to: string })
  | MapExpression;

/** `{"key": value, ...}`: named options of a function or command. */
export interface MapExpression extends SourceSpan {
  type: "map";
  entries: { key: string; value: Expression }[];
}

/** `name = expression` or a bare expression (its column is then named after its source text). */
export interface Field extends SourceSpan {
  name: QualifiedName | null;
  value: Expression;
}

export interface AggregateField extends Field {
  where: Expression | null;
}

export interface SortKey extends SourceSpan {
  value: Expression;
  order: "asc" | "desc" | null;
  nulls: "first" | "last" | null;
}

export interface IndexPattern extends SourceSpan {
  /** The pattern as written, unquoted (`cluster:logs-*`, `logs::failures`). */
  text: string;
  quoted: boolean;
}

export type Command =
  | (SourceSpan & { type: "from" | "ts"; indices: IndexPattern[]; metadata: QualifiedName[] })
  | (SourceSpan & { type: "row"; fields: Field[] })
  | (SourceSpan & { type: "show"; item: string })
  | (SourceSpan & { type: "where"; condition: Expression })
  | (SourceSpan & { type: "eval"; fields: Field[] })
  | (SourceSpan & { type: "stats" | "inline_stats"; aggregates: AggregateField[]; groups: Field[] })
  | (SourceSpan & { type: "keep" | "drop"; patterns: NamePattern[] })
  | (SourceSpan & { type: "rename"; pairs: { from: NamePattern; to: QualifiedName }[] })
  | (SourceSpan & { type: "sort"; keys: SortKey[] })
  | (SourceSpan & { type: "limit"; count: Literal })
  | (SourceSpan & {
      type: "dissect";
      input: Expression;
      pattern: Literal;
      options: { name: string; value: Literal }[];
    })
  | (SourceSpan & { type: "grok"; input: Expression; patterns: Literal[] })
  | (SourceSpan & { type: "mv_expand"; column: QualifiedName })
  | (SourceSpan & {
      type: "enrich";
      policy: string;
      mode: string | null;
      on: QualifiedName | null;
      with: { name: QualifiedName | null; field: QualifiedName }[];
    })
  | (SourceSpan & { type: "lookup_join"; index: IndexPattern; on: Expression[] })
  | (SourceSpan & {
      type: "change_point";
      value: QualifiedName;
      key: QualifiedName | null;
      as: [QualifiedName, QualifiedName] | null;
    })
  | (SourceSpan & { type: "sample"; probability: Literal })
  | (SourceSpan & { type: "fork"; branches: Command[][] })
  | (SourceSpan & {
      type: "completion";
      target: QualifiedName | null;
      prompt: Expression;
      options: MapExpression;
    })
  | (SourceSpan & {
      type: "rerank";
      target: QualifiedName | null;
      query: Literal;
      on: Field[];
      options: MapExpression | null;
    });

export type CommandType = Command["type"];

/** `SET name = value;` before the query. */
export interface Setting extends SourceSpan {
  name: string;
  value: Literal;
}

export interface Query extends SourceSpan {
  settings: Setting[];
  commands: Command[];
}
