import { parseEsql } from "./parser.js";
import { verifyEsql } from "./verify.js";

/** What an ES|QL query reads: the FROM index patterns and the source fields it references. */
export interface EsqlSources {
  indices: string[];
  fields: string[];
}

/** The sources of `query`, or undefined when it does not parse (the syntax check reports that). */
export function esqlSources(query: string): EsqlSources | undefined {
  let parsed: ReturnType<typeof parseEsql>;
  try {
    parsed = parseEsql(query);
  } catch {
    return undefined;
  }
  return { indices: esqlIndices(parsed), fields: verifyEsql(parsed, query).sourceFields.sort() };
}

/** The index patterns of a parsed query's FROM (or TS) command; none when it starts otherwise. */
export function esqlIndices(parsed: ReturnType<typeof parseEsql>): string[] {
  const [source] = parsed.commands;
  return source.type === "from" || source.type === "ts"
    ? source.indices.flatMap((index) => index.text.split(",").map((part) => part.trim()))
    : [];
}
