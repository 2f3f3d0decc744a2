/**
 * How a rule test pairs expectations with alerts when some alerts are part of others: an EQL sequence's
 * building blocks are checked through their shell, never listed, and never pass without it.
 */
import { describe, expect, it } from "vitest";
import type { Alert } from "../../../src/engine/execution/alert.js";
import { compareAlerts } from "../../../src/engine/rule-tests/run-case.js";
import { eqlRuleType } from "../../../src/rule-types/eql/index.js";
import type { ExpectedAlert } from "../../../src/rule-types/rule-type.js";

const RUN_1 = "2025-01-15T12:00:00.000Z";
const RUN_2 = "2025-01-15T12:05:00.000Z";
const shape = eqlRuleType.execution.runnable ? eqlRuleType.execution.expected : undefined;
if (!shape) throw new Error("the EQL rule type is runnable");

const block = (id: string, group: string, index: number, execution = RUN_1): Alert => ({
  execution,
  _index: "logs-test-default",
  _id: id,
  details: { alert_id: `${group}-${index}`, building_block_type: "default", group: { id: group, index } },
});
const shell = (group: string, sequence: string[], execution = RUN_1): Alert => ({
  execution,
  _index: "",
  _id: group,
  details: { group: { id: group }, sequence },
});
const expectSequence = (...ids: string[]): ExpectedAlert => ({ details: { sequence: ids } });
const compare = (expected: ExpectedAlert[], alerts: Alert[]) =>
  compareAlerts(expected, alerts, [new Date(RUN_1), new Date(RUN_2)], shape);

describe("comparing a sequence's alerts with its expectation", () => {
  it("meets one sequence expectation with the shell and its building blocks", () => {
    const alerts = [block("s", "g1", 0), block("n", "g1", 1), shell("g1", ["s", "n"])];
    expect(compare([expectSequence("s", "n")], alerts)).toEqual({ missing: [], unexpected: [] });
  });

  it("leaves building blocks without their shell unexpected", () => {
    const alerts = [block("s", "g1", 0), block("n", "g1", 1)];
    const { missing, unexpected } = compare([expectSequence("s", "n")], alerts);
    expect(missing).toEqual([expectSequence("s", "n")]);
    expect(unexpected).toEqual(alerts);
  });

  it("does not count a building block of another execution as part of the shell", () => {
    const alerts = [block("s", "g1", 0), block("n", "g1", 1, RUN_2), shell("g1", ["s", "n"])];
    const { missing, unexpected } = compare([expectSequence("s", "n")], alerts);
    expect(missing).toEqual([expectSequence("s", "n")]);
    expect(unexpected.map((alert) => alert._id)).toEqual(["n", "g1"]);
  });

  it("fails a shell whose building blocks are not the expected events", () => {
    const alerts = [block("s", "g1", 0), shell("g1", ["s", "n"])];
    const { missing, unexpected } = compare([expectSequence("s", "n")], alerts);
    expect(missing).toEqual([expectSequence("s", "n")]);
    expect(unexpected.map((alert) => alert._id)).toEqual(["g1"]);
  });

  it("fails a shell whose building blocks are in another order than expected", () => {
    const alerts = [block("s", "g1", 1), block("n", "g1", 0), shell("g1", ["s", "n"])];
    expect(compare([expectSequence("s", "n")], alerts).missing).toEqual([expectSequence("s", "n")]);
  });

  it("does not meet an event expectation with a building block", () => {
    const alerts = [block("s", "g1", 0)];
    const { missing, unexpected } = compare([{ id: "s", details: {} }], alerts);
    expect(missing).toEqual([{ id: "s", details: {} }]);
    expect(unexpected).toEqual(alerts);
  });

  it("describes a building block left on its own by its position in its sequence", () => {
    expect(shape.describe(shape.asExpected(block("n", "g1", 1)))).toBe("n (building block 2 of a sequence)");
  });
});
