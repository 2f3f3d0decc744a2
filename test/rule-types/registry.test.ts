import { describe, expect, it } from "vitest";
import { toExecutableRule } from "../../src/engine/execution/index.js";
import { RULE_TYPES, runnableRuleTypes } from "../../src/rule-types/registry.js";
import { ruleTypes } from "../../src/schema/rule-schema.js";

describe("the rule-type table", () => {
  it("has one module for every rule type of the create schema, under its own name", () => {
    expect(Object.keys(RULE_TYPES).sort()).toEqual([...ruleTypes].sort());
    for (const [type, module] of Object.entries(RULE_TYPES)) expect(module.type).toBe(type);
  });

  it("says which types dac runs", () => {
    expect(runnableRuleTypes()).toEqual(["query", "threshold", "eql", "new_terms"]);
  });

  it("refuses a type it cannot run with the reason from its module", () => {
    const rule = {
      type: "machine_learning",
      name: "ml",
      description: "ml",
      risk_score: 21,
      severity: "low",
      anomaly_threshold: 50,
      machine_learning_job_id: "job",
    };
    expect(() => toExecutableRule(rule)).toThrow(
      'rule type "machine_learning" cannot be executed locally: its alerts come from machine learning job anomalies, not from events; dac runs query, threshold, eql, new_terms rules',
    );
  });

  it("reads a threshold rule's parameters from the typed model", () => {
    const rule = toExecutableRule({
      type: "threshold",
      name: "burst",
      description: "burst",
      risk_score: 21,
      severity: "low",
      index: ["logs-*"],
      query: "event.outcome:failure",
      threshold: { field: "user.name", value: 5, cardinality: [{ field: "source.ip", value: 2 }] },
    });
    expect(rule.params).toEqual({
      fields: ["user.name"],
      value: 5,
      cardinality: { field: "source.ip", value: 2 },
    });
  });
});
