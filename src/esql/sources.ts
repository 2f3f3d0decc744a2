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
  const [source] = parsed.commands;
  const indices =
    source.type === "from" || source.type === "ts"
      ? source.indices.flatMap((index) => index.text.split(",").map((part) => part.trim()))
      : [];
  return { indices, fields: verifyEsql(parsed, query).sourceFields.sort() };
}
