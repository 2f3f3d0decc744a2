import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";
import { VALID_RULE, variant } from "./helpers.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dac-validate-"));
  mkdirSync(join(dir, "rules"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeIO(env: NodeJS.ProcessEnv = {}, interactive = false) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => "",
    cwd: dir,
    env,
    interactive,
  };
  return { io, stdout: () => out.join(""), stderr: () => err.join("") };
}

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const fake = fakeIO(env);
  const code = await main(["validate", ...args], fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

describe("dac validate", () => {
  it("exits 0 on clean rules, validating ./rules by default", async () => {
    write("rules/a.toml", VALID_RULE);
    const result = await run([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1 file, 1 rule: 0 errors, 0 warnings, 0 info \(\d+\.\d\d s\)\n$/);
  });

  it("exits 0 with warnings only, 1 with an error; paths shown relative to the working directory", async () => {
    write("rules/a.toml", variant(["risk_score = 47", "risk_score = 80"]));
    const warned = await run(["rules"]);
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain("rules/a.toml:");
    expect(warned.stdout).toContain(" warning severity-risk-band ");
    write(
      "rules/b.toml",
      variant(
        ['id = "T1098"', 'id = "T9999"'],
        ["0b8e3a5c-1111-4a1a-9c1e-000000000001", "other-id"],
        ['Administrators"\n', 'Admins"\n'],
      ),
    );
    const failed = await run(["rules", "--format", "json"]);
    expect(failed.code).toBe(1);
    const report = JSON.parse(failed.stdout);
    expect(report.files).toBe(2);
    expect(report.findings.map((f: { file: string; code: string }) => [f.file, f.code])).toContainEqual([
      "rules/b.toml",
      "mitre-id-unknown",
    ]);
  });

  it("reads rule paths and check settings from dac.config.yaml", async () => {
    write("detections/a.toml", variant(["risk_score = 47", "risk_score = 80"]));
    write("dac.config.yaml", "rules: [detections]\nchecks:\n  severity-risk-band: error\n");
    const result = await run(["--format", "json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toMatchObject([
      { code: "severity-risk-band", severity: "error" },
    ]);
  });

  it("--config names another configuration file", async () => {
    write("rules/a.toml", variant(["risk_score = 47", "risk_score = 80"]));
    write("ci/strict.yaml", "checks:\n  severity-risk-band: 'off'\n");
    const result = await run(["rules", "--config", "ci/strict.yaml", "--format", "json"]);
    expect(JSON.parse(result.stdout).findings).toEqual([]);
  });

  it("bad input becomes findings: malformed TOML, non-rule TOML, empty directory, wrong extension", async () => {
    write("rules/a.toml", VALID_RULE);
    write("rules/broken.toml", "[rule\n");
    write("rules/pyproject.toml", "[tool]\nname = 'x'\n");
    mkdirSync(join(dir, "empty"));
    write("notes.yaml", "x: 1\n");
    const result = await run(["rules", "empty", "notes.yaml", "--format", "json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    const found = JSON.parse(result.stdout).findings.map((f: { file: string; code: string }) => [
      f.file,
      f.code,
    ]);
    expect(found).toEqual([
      ["empty", "no-rules-found"],
      ["notes.yaml", "no-rules-found"],
      ["rules/broken.toml", "toml-syntax"],
      ["rules/pyproject.toml", "not-a-rule"],
    ]);
  });

  it("github annotations by default in GitHub Actions", async () => {
    write("rules/a.toml", variant(["risk_score = 47", "risk_score = 80"]));
    const result = await run([], { GITHUB_ACTIONS: "true" });
    expect(result.stdout).toMatch(/^::warning file=rules\/a\.toml,line=\d+,col=1,title=severity-risk-band::/);
  });

  it("usage errors exit 2: unknown option, bad format, bad config naming its file", async () => {
    expect((await run(["--frobnicate"])).code).toBe(2);
    const format = await run(["--format", "xml"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be one of human, json, github");
    write("dac.config.yaml", "checks:\n  severity-risk-band: loud\n");
    const config = await run([]);
    expect(config.code).toBe(2);
    expect(config.stderr).toContain("dac.config.yaml");
    expect(config.stderr).toContain("checks.severity-risk-band");
    expect(config.stderr).not.toMatch(/\n\s+at /);
  });

  it("shows a progress line on an interactive stderr when there are many rules", async () => {
    for (let i = 0; i < 200; i++) {
      write(
        `rules/r${i}.toml`,
        variant(
          ["0b8e3a5c-1111-4a1a-9c1e-000000000001", `id-${i}`],
          ["User Added to Administrators", `Rule ${i}`],
        ),
      );
    }
    const fake = fakeIO({}, true);
    expect(await main(["validate"], fake.io)).toBe(0);
    expect(fake.stderr()).toContain("validating 200/200 rules");
    const quiet = fakeIO({}, false);
    await main(["validate"], quiet.io);
    expect(quiet.stderr()).toBe("");
  });
});
