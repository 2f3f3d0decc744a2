import { describe, expect, it } from "vitest";
import { openCatalog } from "../../src/catalog/catalog.js";
import { esqlCheck } from "../../src/validate/stages/esql.js";
import { querySyntaxCheck } from "../../src/validate/stages/kql.js";
import { runCheck, variant } from "./helpers.js";

/** The valid rule as an ES|QL rule with `query` as its query. */
function esqlRule(query: string, ...extra: [string, string][]): string {
  return variant(
    ['language = "kuery"', 'language = "esql"'],
    ['type = "query"', 'type = "esql"'],
    ['index = ["logs-endpoint.events.*"]\n', ""],
    ['event.action:"added-member-to-group" and group.name:"Administrators"', query],
    ...extra,
  );
}

const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split("\n").length;
const columnOf = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  return at - text.lastIndexOf("\n", at - 1);
};

describe("esqlCheck", () => {
  it("accepts an aggregating query", () => {
    const text = esqlRule(
      'FROM logs-endpoint.events.* | WHERE event.action == "added-member-to-group" | STATS c = COUNT(*) BY user.name | WHERE c > 3',
    );
    expect(runCheck(esqlCheck(), text)).toEqual([]);
  });

  it("reports a syntax error at its line and column in the file (the query syntax stage), and nothing else", () => {
    const text = esqlRule("FROM logs-*\n| WHERE user.name ==\n| LIMIT 5");
    expect(runCheck(esqlCheck(), text)).toEqual([]);
    const [finding] = runCheck(querySyntaxCheck, text);
    expect(finding).toMatchObject({
      code: "esql-syntax",
      severity: "error",
      line: lineOf(text, "| LIMIT 5"),
    });
    expect(finding.column).toBe(1);
  });

  it("reports a column STATS did not keep, with the nearest output column", () => {
    const text = esqlRule(
      "FROM logs-* | STATS hosts = COUNT_DISTINCT(host.id) BY user.name | WHERE host > 1",
    );
    const [finding] = runCheck(esqlCheck(), text);
    expect(finding).toMatchObject({
      code: "esql-unknown-column",
      line: lineOf(text, "WHERE host > 1"),
      column: columnOf(text, "host > 1"),
      hint: "did you mean [hosts]?",
    });
  });

  it("reports an aggregation outside STATS and an unknown time unit", () => {
    const text = esqlRule(
      "FROM logs-* METADATA _id, _index, _version | EVAL n = COUNT(*), t = DATE_TRUNC(5 m, @timestamp)",
    );
    expect(runCheck(esqlCheck(), text).map((finding) => finding.code)).toEqual([
      "esql-aggregate-outside-stats",
      "esql-time-unit",
    ]);
  });

  it("warns when a non-aggregating query drops the document identity Kibana de-duplicates by", () => {
    const text = esqlRule('FROM logs-* METADATA _id | WHERE process.name == "x" | KEEP process.name, _id');
    const [finding] = runCheck(esqlCheck(), text);
    expect(finding).toMatchObject({ code: "esql-alert-id-missing", severity: "warning" });
    expect(finding.hint).toBe("add METADATA _id, _index, _version to FROM");
  });

  it("requires FROM as the source command", () => {
    const text = esqlRule("ROW a = 1 | STATS c = COUNT(*)");
    expect(runCheck(esqlCheck(), text).map((finding) => finding.code)).toEqual(["esql-source-command"]);
  });

  it("reports a suppression field that is not an output column", () => {
    const text = esqlRule("FROM logs-* | STATS c = COUNT(*) BY user.name", [
      "[[rule.threat]]",
      '[rule.alert_suppression]\ngroup_by = ["host.name"]\n\n[[rule.threat]]',
    ]);
    expect(runCheck(esqlCheck(), text).map((finding) => finding.code)).toEqual([
      "esql-suppression-field-missing",
    ]);
  });

  describe("types (source field types from the catalog)", () => {
    const typed = esqlCheck(openCatalog());
    const FROM = "FROM logs-endpoint.events.process-* METADATA _id, _index, _version";
    const codes = (text: string) => runCheck(typed, text).map((finding) => finding.code);

    it("accepts arguments, comparisons and groupings of the right types", () => {
      const text = esqlRule(
        `${FROM} | WHERE @timestamp > "2024-01-31" AND TO_LOWER(process.name) == "cmd.exe" AND process.pid > 4 | STATS c = COUNT(*) BY host.name, process.pid`,
      );
      expect(runCheck(typed, text)).toEqual([]);
    });

    it("reports a source field of a type the function does not accept, at the argument", () => {
      const text = esqlRule(`${FROM} | WHERE LENGTH(process.pid) > 3`);
      const [finding] = runCheck(typed, text);
      expect(finding).toMatchObject({
        code: "esql-argument-type",
        line: lineOf(text, "LENGTH(process.pid)"),
        column: columnOf(text, "process.pid) > 3"),
      });
      expect(finding.message).toContain("found [process.pid] of type [long]");
    });

    it("types EVAL columns from the function registry's return rules", () => {
      const text = esqlRule(`${FROM} | EVAL n = LENGTH(process.name), m = n + 1 | WHERE STARTS_WITH(m, "1")`);
      const [finding] = runCheck(typed, text);
      expect(finding).toMatchObject({ code: "esql-argument-type", column: columnOf(text, 'm, "1")') });
      expect(finding.message).toContain("of type [integer]");
    });

    it("types a call by its fixed return type even when its argument is untyped", () => {
      const text = esqlRule(`${FROM} | EVAL n = LENGTH(custom.value) | WHERE ENDS_WITH(n, "0")`);
      expect(codes(text)).toEqual(["esql-argument-type"]);
    });

    it("types STATS outputs, and keeps types through RENAME and KEEP", () => {
      const text = esqlRule(
        `${FROM} | STATS total = SUM(process.pid) BY host.name | RENAME total AS t | KEEP t, host.name | EVAL x = TRIM(t)`,
      );
      const [finding] = runCheck(typed, text);
      expect(finding).toMatchObject({ code: "esql-argument-type", column: columnOf(text, "t)") });
      expect(finding.message).toContain("of type [long]");
    });

    it("reports a date column compared with a string that is not a date, at the string", () => {
      const text = esqlRule(`${FROM} | WHERE @timestamp >= "yesterday"`);
      const [finding] = runCheck(typed, text);
      expect(finding).toMatchObject({ code: "esql-date-literal", column: columnOf(text, '"yesterday"') });
    });

    it("reports a string that is not a date where a function takes a date", () => {
      const text = esqlRule(`${FROM} | EVAL d = DATE_DIFF("day", "last monday", @timestamp)`);
      expect(codes(text)).toEqual(["esql-date-literal"]);
    });

    it("reports a BY on a time span, which cannot be grouped", () => {
      const text = esqlRule(`${FROM} | STATS c = COUNT(*) BY window = 1 hour`);
      const [finding] = runCheck(typed, text);
      expect(finding).toMatchObject({ code: "esql-group-type", column: columnOf(text, "1 hour") });
    });

    it("checks nothing of a field the catalog does not type", () => {
      const text = esqlRule(`${FROM} | WHERE LENGTH(custom.counter) > 3 AND custom.when > "soon"`);
      expect(runCheck(typed, text)).toEqual([]);
    });

    it("forgets source types after a LOOKUP JOIN, which may replace any column", () => {
      const text = esqlRule(`${FROM} | LOOKUP JOIN pids ON host.name | WHERE LENGTH(process.pid) > 3`);
      expect(runCheck(typed, text)).toEqual([]);
    });
  });
});
