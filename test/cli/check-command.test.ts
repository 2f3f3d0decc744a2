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
    expect(JSON.parse(lines[0]).rule_id).toBe("8446517c-f789-11ee-8ad0-f661ea17fbce");
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ exported_rules_count: 1 });
  });
});
