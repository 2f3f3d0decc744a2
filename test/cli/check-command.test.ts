import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";

const root = resolve(import.meta.dirname, "../..");
let out: string;
afterEach(() => rmSync(out, { recursive: true, force: true }));

describe("the main job (npm start)", () => {
  it("is `dac check`, and passes on this repository: validate, test, export", async () => {
    const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts;
    const [node, bin, ...args] = scripts.start.split(" ");
    expect([node, bin]).toEqual(["node", "bin/dac.js"]);
    out = mkdtempSync(join(tmpdir(), "dac-check-"));
    const target = join(out, "nested", "rules.ndjson");

    const run = await runDac([...args, "--out", target], { cwd: root });

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("== validate ==");
    expect(run.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    const lines = readFileSync(target, "utf8").trim().split("\n");
    expect(lines.slice(0, -1).map((line) => JSON.parse(line).rule_id)).toEqual([
      "0b79ded3-985b-446b-be2b-a66215d10b49",
      "8446517c-f789-11ee-8ad0-f661ea17fbce",
      "c60d2f7a-2f29-4858-9242-c91af518fa8f",
    ]);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ exported_rules_count: 3 });
  });
});
