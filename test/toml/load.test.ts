import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOAD_CODES, loadRuleFile, loadRuleFiles, parseRuleFile } from "../../src/schema/toml/load.js";

const MINIMAL = '[metadata]\nmaturity = "production"\n\n[rule]\nrule_id = "r-1"\nname = "Minimal"\n';

const only = (text: string) => {
  const file = parseRuleFile("rules/x.toml", text);
  expect(file.findings).toHaveLength(1);
  return file.findings[0];
};

describe("parseRuleFile", () => {
  it("fills document, metadata and rule", () => {
    const file = parseRuleFile("rules/x.toml", MINIMAL);
    expect(file.findings).toEqual([]);
    expect(file.path).toBe("rules/x.toml");
    expect(file.metadata).toEqual({ maturity: "production" });
    expect(file.rule).toEqual({ rule_id: "r-1", name: "Minimal" });
    expect(file.document).toEqual({ metadata: file.metadata, rule: file.rule });
  });

  it("reports malformed TOML with the parser's line and column", () => {
    const finding = only('[rule]\nname = "unterminated\nrisk_score = 21\n');
    expect(finding).toMatchObject({
      file: "rules/x.toml",
      line: 2,
      code: LOAD_CODES.syntax,
      severity: "error",
    });
    expect(finding.message).toMatch(/^invalid TOML: /);
    expect(finding.hint).toBeTruthy();
    expect(parseRuleFile("rules/x.toml", "[rule\n").document).toBeUndefined();
  });

  it("reports duplicate keys and duplicate tables", () => {
    expect(only('[rule]\nname = "a"\nname = "b"\n')).toMatchObject({
      line: 3,
      column: 1,
      code: LOAD_CODES.duplicateKey,
    });
    expect(only("[rule]\nname = 'a'\n\n[rule]\nrisk_score = 1\n")).toMatchObject({
      line: 4,
      code: LOAD_CODES.duplicateKey,
    });
  });

  it("reports a TOML file without a [rule] table as not a rule", () => {
    const finding = only("[tool.poetry]\nname = 'x'\n");
    expect(finding).toMatchObject({ line: 1, column: 1, code: LOAD_CODES.notARule });
    expect(finding.rule_id).toBeUndefined();
  });

  it("reports rule or metadata that are not tables, at their key", () => {
    expect(only('title = "x"\nrule = "query"\n')).toMatchObject({
      line: 2,
      column: 1,
      code: "invalid-structure",
    });
    const file = parseRuleFile("rules/x.toml", "metadata = 3\n\n[[rule]]\nname = 'a'\n");
    expect(file.findings.map((f) => [f.code, f.line])).toEqual([
      ["invalid-structure", 3],
      ["invalid-structure", 1],
    ]);
    expect(file.rule).toBeUndefined();
  });

  it("puts the rule_id on findings when it is known", () => {
    const finding = only("metadata = 'x'\n[rule]\nrule_id = 'abc'\n");
    expect(finding.rule_id).toBe("abc");
  });
});

describe("loadRuleFile and loadRuleFiles", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dac-toml-load-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (path: string, content: string | Buffer) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
    return join(dir, path);
  };

  it("reads a file and reports an unreadable one", () => {
    expect(loadRuleFile(write("a.toml", MINIMAL)).rule?.name).toBe("Minimal");
    const missing = loadRuleFile(join(dir, "nope.toml"));
    expect(missing.findings).toMatchObject([{ code: LOAD_CODES.unreadable, line: 1, column: 1 }]);
    expect(missing.positionOf(["rule", "name"])).toEqual({ line: 1, column: 1 });
  });

  it.skipIf(process.getuid?.() === 0)("reports a file without read permission as unreadable", () => {
    const path = write("locked.toml", MINIMAL);
    chmodSync(path, 0o000);
    expect(loadRuleFile(path).findings).toMatchObject([{ code: LOAD_CODES.unreadable }]);
  });

  it("reports invalid UTF-8 at the first bad byte; accepts and drops a byte-order mark", () => {
    const bytes = Buffer.concat([
      Buffer.from('[rule]\nname = "caf'),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    const finding = loadRuleFile(write("latin1.toml", bytes)).findings;
    expect(finding).toMatchObject([{ code: LOAD_CODES.notUtf8, line: 2, column: 12 }]);
    const bom = loadRuleFile(write("bom.toml", `\uFEFF${MINIMAL}`));
    expect(bom.findings).toEqual([]);
    expect(bom.text.startsWith("[metadata]")).toBe(true);
  });

  it("expands directories recursively to *.toml in sorted order, skipping hidden folders", () => {
    write("rules/b.toml", MINIMAL);
    write("rules/a/z.toml", MINIMAL);
    write("rules/a/readme.md", "# not a rule");
    write("rules/.git/x.toml", MINIMAL);
    write("rules/c.toml", MINIMAL);
    const files = loadRuleFiles([join(dir, "rules")]);
    expect(files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      "rules/a/z.toml",
      "rules/b.toml",
      "rules/c.toml",
    ]);
  });

  it("loads a file once even when named twice, and takes an explicit file of any name", () => {
    const rule = write("rules/a.toml", MINIMAL);
    const other = write("other.txt", MINIMAL);
    const files = loadRuleFiles([join(dir, "rules"), rule, other]);
    expect(files.map((f) => f.path)).toEqual([rule, other]);
  });

  it("reports a missing path and a directory without rule files as findings", () => {
    mkdirSync(join(dir, "empty"));
    write("docs/readme.md", "x");
    const files = loadRuleFiles([join(dir, "missing"), join(dir, "empty"), join(dir, "docs")]);
    expect(files.map((f) => [f.path.slice(dir.length + 1), f.findings.map((x) => x.code)])).toEqual([
      ["missing", [LOAD_CODES.pathNotFound]],
      ["empty", [LOAD_CODES.noRulesFound]],
      ["docs", [LOAD_CODES.noRulesFound]],
    ]);
    expect(files.every((f) => f.document === undefined && f.findings[0].severity === "error")).toBe(true);
  });
});
