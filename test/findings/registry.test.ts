import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FINDING_CODES, type RegisteredCode } from "../../src/findings/registry.js";
import { runDac } from "../support/cli.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dac-registry-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The README's table of finding codes as the registry renders it. */
function checksTable(codes: readonly RegisteredCode[]): string {
  const rows = codes.map(
    (entry) => `| \`${entry.code}\` | ${entry.severity} | ${entry.area} | ${entry.description} |`,
  );
  return ["| code | default | area | what it means |", "|---|---|---|---|", ...rows].join("\n");
}

describe("the finding-code registry", () => {
  it("is the README's table of checks, row for row", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const block =
      /<!-- finding codes: generated from src\/findings\/registry\.ts -->\n([\s\S]*?)\n<!-- end of finding codes -->/.exec(
        readme,
      );
    expect(block?.[1]).toBe(checksTable(FINDING_CODES));
  });

  it("declares the codes checks used to emit as bare strings", () => {
    const codes = FINDING_CODES.map((entry) => entry.code as string);
    expect(codes).toEqual(
      expect.arrayContaining([
        "kql-unknown-field",
        "kql-value-type",
        "rule-field-not-aggregatable",
        "toml-syntax",
        "not-utf8",
        "internal-error",
        "not-canonical",
        "rule-id-missing",
      ]),
    );
  });

  it("is printed by validate --list-checks as a table", async () => {
    const result = await runDac(["validate", "--list-checks"], { cwd: dir });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^code\s+default\s+area\s+description$/);
    expect(lines.slice(1, -1).map((line) => line.split(/\s+/)[0])).toEqual(FINDING_CODES.map((e) => e.code));
    expect(lines.at(-1)).toBe(`${FINDING_CODES.length} codes`);
    expect(result.stdout).toMatch(/^tag-tactic-missing\s+off\s+Conventions\s+a mapped tactic has no/m);
  });

  it("is printed by validate --list-checks --format json", async () => {
    const result = await runDac(["validate", "--list-checks", "--format", "json"], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      checks: FINDING_CODES.map(({ code, severity, area, description }) => ({
        code,
        severity,
        area,
        description,
      })),
    });
  });

  it("makes an unknown code in dac.config.yaml a configuration error naming the nearest code", async () => {
    writeFileSync(join(dir, "dac.config.yaml"), "checks:\n  tag-tactic-mising: warning\n");
    const result = await runDac(["validate", "rules"], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'dac: dac.config.yaml: checks.tag-tactic-mising: unknown finding code (did you mean "tag-tactic-missing"? `dac validate --list-checks` lists every code)\n',
    );
  });
});
