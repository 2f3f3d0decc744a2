import { LANGUAGES, type LanguageName } from "../languages.js";

type Parser = (query: string) => unknown;

/** What a language's parser returns (its syntax tree); never for a language dac cannot parse. */
export type ParsedQuery<L extends LanguageName> = (typeof LANGUAGES)[L] extends {
  parse: (query: string) => infer T;
}
  ? T
  : never;

type Outcome = { ok: true; tree: unknown } | { ok: false; error: unknown };

/**
 * One rule's queries, each parsed at most once per validation: the syntax stage and the field stages read the
 * same tree (or the same error) instead of parsing the query again.
 */
export class ParsedQueries {
  private readonly outcomes = new Map<string, Outcome>();

  constructor(private readonly rule: Record<string, unknown>) {}

  /**
   * The tree of the query under `[rule] key` in `language`; throws the parser's error when it does not parse.
   * Undefined when the key holds no query text or dac has no parser for the language.
   */
  parse<L extends LanguageName>(key: string, language: L): ParsedQuery<L> | undefined {
    const query = this.rule[key];
    const parser = (LANGUAGES[language] as { parse?: Parser }).parse;
    if (typeof query !== "string" || !parser) return undefined;
    const cacheKey = `${language}\u0000${key}`;
    let outcome = this.outcomes.get(cacheKey);
    if (!outcome) {
      try {
        outcome = { ok: true, tree: parser(query) };
      } catch (error) {
        outcome = { ok: false, error };
      }
      this.outcomes.set(cacheKey, outcome);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.tree as ParsedQuery<L>;
  }

  /** Like `parse`, but undefined when the query does not parse (the syntax stage reports that). */
  tree<L extends LanguageName>(key: string, language: L): ParsedQuery<L> | undefined {
    try {
      return this.parse(key, language);
    } catch (error) {
      if (isSyntaxError(error)) return undefined;
      throw error;
    }
  }
}

/** Parsers report a query they reject with the 0-based `offset` of the problem; anything else is a bug. */
export function isSyntaxError(error: unknown): error is Error & { offset: number } {
  return error instanceof Error && typeof (error as { offset?: unknown }).offset === "number";
}
