import { describe, expect, it } from "vitest";
import { defineRule, RuleDefinitionError } from "../../src/schema/builder.js";
import type { NewTermsRuleCreateProps, QueryRuleCreateProps } from "../../src/schema/rule-schema.js";

const common = {
  name: "Rare login",
  description: "First login from a new host",
  risk_score: 21,
  severity: "low",
} as const;

describe("defineRule", () => {
  it("returns a valid rule typed by its type", () => {
    const rule = defineRule({
      ...common,
      type: "new_terms",
      query: "event.category:authentication",
      new_terms_fields: ["host.name"],
      history_window_start: "now-7d",
    });
    const typed: NewTermsRuleCreateProps = rule;
    expect(typed.new_terms_fields).toEqual(["host.name"]);
  });

  it("rejects at compile time a field that belongs to another rule type", () => {
    const build = () =>
      defineRule({
        ...common,
        type: "query",
        query: "host.name:*",
        // @ts-expect-error new_terms_fields is not a field of query rules
        new_terms_fields: ["host.name"],
      });
    // The same mistake from plain JavaScript is caught at run time.
    expect(build).toThrow(/"new_terms_fields" is not a field of query rules \(only of new_terms\)/);
  });

  it("rejects at compile time a wrong enum value", () => {
    // @ts-expect-error severity must be low, medium, high or critical
    const build = () => defineRule({ ...common, type: "query", severity: "severe" });
    expect(build).toThrow(RuleDefinitionError);
  });

  it("rejects at compile time a missing required type field", () => {
    // @ts-expect-error new_terms rules need new_terms_fields and history_window_start
    const build = () => defineRule({ ...common, type: "new_terms", query: "*" });
    expect(build).toThrow(/new_terms_fields: is required/);
  });

  it("checks at run time what the types cannot express", () => {
    const build = () => defineRule({ ...common, type: "query", risk_score: 101, from: "yesterday" });
    expect(build).toThrow(RuleDefinitionError);
    try {
      build();
    } catch (error) {
      expect((error as RuleDefinitionError).issues.map((issue) => issue.path)).toEqual([
        ["from"],
        ["risk_score"],
      ]);
    }
  });

  it("accepts a query rule where only the shared fields are given", () => {
    const rule: QueryRuleCreateProps = defineRule({ ...common, type: "query" });
    expect(rule.type).toBe("query");
  });
});
