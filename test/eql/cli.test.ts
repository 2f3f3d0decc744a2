import { describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";

const run = (args: string[], stdin?: string) => runDac(["eql", ...args], { cwd: process.cwd(), stdin });

describe("dac eql parse and fmt", () => {
  it("prints the syntax tree with offsets", async () => {
    const result = await run(["parse", "process where pid == 1"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).query).toMatchObject({
      type: "event",
      condition: { type: "comparison", left: { name: "pid", start: 14, end: 17 } },
    });
  });

  it("formats a query read from standard input", async () => {
    const result = await run(["fmt"], 'sequence by h [a where x:"y"] [b where true] | head 1\n');
    expect(result).toMatchObject({
      code: 0,
      stdout: 'sequence by h\n  [a where x: "y"]\n  [b where true] | head 1\n',
    });
  });

  it("exits 1 with Elasticsearch's error type, position and a caret", async () => {
    const result = await run(["fmt", "process where foo(1)"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "dac: EQL verification_exception at line 1, column 15: Unknown function [foo]\nprocess where foo(1)\n--------------^\n",
    );
  });
});
