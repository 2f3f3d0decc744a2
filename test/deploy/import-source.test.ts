import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureBuilt, PROJECT_ROOT } from "../support/built-cli.js";
import { runDac } from "../support/cli.js";
import { queryRule } from "./helpers.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dac-import-"));
  mkdirSync(join(dir, "rules"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ruleFiles = () => readdirSync(join(dir, "rules")).sort();
const ndjson = (...lines: unknown[]) =>
  `${lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n")}\n`;

function importFile(lines: unknown[], args: string[] = []) {
  writeFileSync(join(dir, "export.ndjson"), ndjson(...lines));
  return runDac(["import", "export.ndjson", ...args], { cwd: dir });
}

describe("dac import checks the whole source before writing", () => {
  it("a malformed line writes nothing, names the line, exit 2", async () => {
    const result = await importFile([queryRule(1), "{not json", queryRule(3)]);
    expect(result.stderr).toContain("export.ndjson:2: not JSON");
    expect(result.stderr).toContain("nothing written");
    expect(ruleFiles()).toEqual([]);
    expect(result.code).toBe(2);
  });

  it("with --partial the good rules are written and the skipped line is named, exit 1", async () => {
    const result = await importFile([queryRule(1), "{not json", queryRule(3)], ["--partial"]);
    expect(result.stderr).toContain("export.ndjson:2: not JSON");
    expect(result.stdout).toContain("1 rule or line skipped (--partial)");
    expect(ruleFiles()).toEqual(["suspicious_process_1.toml", "suspicious_process_3.toml"]);
    expect(result.code).toBe(1);
  });

  it.each([
    ["a risk_score of the wrong type", queryRule(2, { risk_score: "high" }), "risk_score"],
    ["an unknown rule type", queryRule(2, { type: "magic" }), "type"],
    [
      "a rule_id already in the source",
      queryRule(1, { name: "Copy" }),
      "rule_id already used at export.ndjson:1",
    ],
  ])("%s is reported and nothing is written", async (_, bad, reason) => {
    const result = await importFile([queryRule(1), bad]);
    expect(result.stderr).toMatch(/export\.ndjson:2 \(rule-000[12]\): /);
    expect(result.stderr).toContain(reason);
    expect(ruleFiles()).toEqual([]);
    expect(result.code).toBe(2);
  });

  it("with --partial a rule Kibana would reject is skipped, the rest written", async () => {
    const result = await importFile([queryRule(1), queryRule(2, { risk_score: "high" })], ["--partial"]);
    expect(ruleFiles()).toEqual(["suspicious_process_1.toml"]);
    expect(result.code).toBe(1);
  });
});

describe("interrupting dac import", () => {
  it("removes temporary files and says how far it got", { timeout: 300_000 }, async () => {
    ensureBuilt();
    const rules = Array.from({ length: 3000 }, (_, i) => queryRule(i + 1));
    writeFileSync(join(dir, "export.ndjson"), ndjson(...rules));
    const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin", "dac.js"), "import", "export.ndjson"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_, signal) => resolve(signal)),
    );
    while (!ruleFiles().some((name) => name.endsWith(".toml"))) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(stderr).toMatch(/interrupted after \d+ of 3000 rules; no temporary files left/);
    const written = Number(/interrupted after (\d+)/.exec(stderr)?.[1]);
    expect(written).toBeLessThan(3000);
    expect(ruleFiles().filter((name) => name.startsWith("."))).toEqual([]);
    expect(ruleFiles()).toHaveLength(written);
  });
});
