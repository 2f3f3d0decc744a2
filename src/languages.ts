/**
 * The query languages dac knows, in one table: how a query in each is checked for syntax and how the detection
 * engine turns it into Elasticsearch's query DSL. A rule type module takes its queries' languages from here.
 */

import { checkEql } from "./eql/index.js";
import { parseEsql } from "./esql/parser.js";
import type { FindingCode } from "./findings/registry.js";
import { parseKql, toElasticsearchQuery } from "./kql/index.js";

type JsonObject = Record<string, unknown>;

export interface QueryLanguage {
  /** Parses a query, throwing an error with the 0-based `offset` of the problem; absent: dac cannot parse it yet. */
  parse?: (query: string) => unknown;
  /** The finding code of a query that does not parse. */
  syntaxCode?: FindingCode;
  /**
   * The query as the detection engine puts it into the events search (`buildEsQuery` without a field list) and
   * the bool clause it goes into; absent: the language is not searched with the query DSL.
   */
  translate?: (query: string) => { clause: "filter" | "must"; query?: JsonObject };
}

export const LANGUAGES = {
  kuery: {
    parse: parseKql,
    syntaxCode: "kql-syntax",
    // An empty KQL query adds no clause (Kibana's buildEsQuery skips it).
    translate: (query) =>
      query.trim() === ""
        ? { clause: "filter" }
        : {
            clause: "filter",
            query: toElasticsearchQuery(parseKql(query), { config: { dateFormatTZ: "Zulu" } }) as JsonObject,
          },
  },
  lucene: {
    translate: (query) => ({
      clause: "must",
      query:
        query.trim() === ""
          ? { match_all: {} }
          : { query_string: { query, time_zone: "Zulu", analyze_wildcard: true } },
    }),
  },
  // Searched with `_eql/search`, not the query DSL: no translation.
  eql: { parse: checkEql, syntaxCode: "eql-syntax" },
  esql: {
    parse: parseEsql,
    syntaxCode: "esql-syntax",
  },
} as const satisfies Record<string, QueryLanguage>;

export type LanguageName = keyof typeof LANGUAGES;

/** The table entry of a language name as a rule writes it; undefined for a name dac does not know. */
export function queryLanguage(name: string): QueryLanguage | undefined {
  return Object.hasOwn(LANGUAGES, name) ? LANGUAGES[name as LanguageName] : undefined;
}
