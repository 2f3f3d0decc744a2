import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";

const CANONICAL = readFileSync(join(import.meta.dirname, "fixtures", "canonical.toml"), "utf8");
const MESSY = readFileSync(join(import.meta.dirname, "fixtures", "messy.toml"), "utf8");
const MESSY_FORMATTED = readFileSync(join(import.meta.dirname, "fixtures", "messy.formatted.toml"), "utf8");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dac-fmt-"));
  mkdirSync(join(dir, "rules"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
const read = (path: string) => readFileSync(join(dir, path), "utf8");

function fmt(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runDac(["fmt", ...args], { cwd: dir, env });
}

describe("dac fmt", () => {
  it("--check lists non-canonical files, changes nothing and exits 1", async () => {
    write("rules/a.toml", CANONICAL);
    write("rules/b.toml", MESSY);
    const result = await fmt(["--check"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("not canonical: rules/b.toml");
    expect(result.stdout).not.toContain("rules/a.toml");
    expect(result.stdout).toContain("2 files: 1 not canonical, 1 already canonical");
    expect(read("rules/b.toml")).toBe(MESSY);
  });

  it("--check exits 0 when every file is canonical", async () => {
    write("rules/a.toml", CANONICAL);
    expect((await fmt(["--check", "rules"])).code).toBe(0);
  });

  it("rewrites non-canonical files in place, names them, and leaves no temporary files", async () => {
    write("rules/a.toml", CANONICAL);
    write("rules/b.toml", MESSY);
    const result = await fmt([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("formatted rules/b.toml");
    expect(read("rules/b.toml")).toBe(MESSY_FORMATTED);
    expect(read("rules/a.toml")).toBe(CANONICAL);
    expect(readdirSync(join(dir, "rules")).sort()).toEqual(["a.toml", "b.toml"]);
    expect((await fmt(["--check"])).code).toBe(0);
  });

  it("turns CRLF files into LF files", async () => {
    write("rules/a.toml", CANONICAL.replace(/\n/g, "\r\n"));
    expect((await fmt(["--check"])).code).toBe(1);
    await fmt([]);
    expect(read("rules/a.toml")).toBe(CANONICAL);
  });

  it("leaves files with errors untouched and reports them with position, exit 1", async () => {
    write("rules/broken.toml", '[rule]\nname = "x\n');
    write("rules/other.toml", "[tool]\nname = 'x'\n");
    write("rules/b.toml", MESSY);
    const result = await fmt([]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/rules\/broken\.toml:2:\d+ error toml-syntax /);
    expect(result.stdout).toContain("rules/other.toml:1:1 error not-a-rule");
    expect(read("rules/broken.toml")).toBe('[rule]\nname = "x\n');
    expect(read("rules/other.toml")).toBe("[tool]\nname = 'x'\n");
    expect(read("rules/b.toml")).toBe(MESSY_FORMATTED);
  });

  it("--format json reports changed files and findings", async () => {
    write("rules/b.toml", MESSY);
    mkdirSync(join(dir, "empty"));
    const result = await fmt(["--check", "--format", "json", "rules", "empty"]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ check: true, files: 1, changed: ["rules/b.toml"], unchanged: 0 });
    expect(report.findings).toMatchObject([{ file: "empty", code: "no-rules-found" }]);
  });

  it("annotates non-canonical files in GitHub Actions", async () => {
    write("rules/b.toml", MESSY);
    const result = await fmt(["--check"], { GITHUB_ACTIONS: "true" });
    expect(result.stdout).toMatch(/^::error file=rules\/b\.toml,line=1,col=1,title=not-canonical::/);
  });

  it("usage errors exit 2", async () => {
    expect((await fmt(["--format", "xml"])).code).toBe(2);
    expect((await fmt(["--frobnicate"])).code).toBe(2);
  });
});

describe("dac fmt and comments", () => {
  const COMMENTED = readFileSync(join(import.meta.dirname, "fixtures", "commented.toml"), "utf8");

  it("--check accepts a canonical file that has comments", async () => {
    write("rules/a.toml", COMMENTED);
    const result = await fmt(["--check"]);
    expect(result.stdout).toContain("1 already canonical");
    expect(result.code).toBe(0);
  });

  it("rewriting a file keeps every comment", async () => {
    write(
      "rules/a.toml",
      '# owned by SOC\n\n[rule]\n# SOC-1234: do not lower\nseverity = "high" # why\nname = "x"\n',
    );
    expect((await fmt([])).code).toBe(0);
    expect(read("rules/a.toml")).toBe(
      '# owned by SOC\n\n[rule]\nname = "x"\n# SOC-1234: do not lower\nseverity = "high" # why\n',
    );
  });
});
