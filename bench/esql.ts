/** The ES|QL figure: parse + verify every ES|QL query of a corpus of rule files. */
import { parseEsql } from "../src/esql/parser.js";
import { verifyEsql } from "../src/esql/verify.js";
import type { RuleFile } from "../src/schema/rule-file.js";
import { against, measure, type RunPlan } from "./measure.js";

const ESQL_TARGET_MS = 30;

/** The ES|QL queries of the corpus: rules whose language is esql. */
export function esqlQueries(files: readonly RuleFile[]): string[] {
  return files.flatMap(({ rule }) =>
    rule?.language === "esql" && typeof rule.query === "string" && rule.query.trim() !== ""
      ? [rule.query]
      : [],
  );
}

export async function esqlFigure(files: readonly RuleFile[], plan: RunPlan) {
  const queries = esqlQueries(files);
  let failures = { parse_errors: 0, problems: 0 };
  const timing = await measure(plan, () => {
    failures = { parse_errors: 0, problems: 0 };
    for (const query of queries) {
      try {
        failures.problems += verifyEsql(parseEsql(query), query).problems.length;
      } catch {
        failures.parse_errors++;
      }
    }
  });
  return { queries: queries.length, ...failures, ...against(timing, ESQL_TARGET_MS) };
}
