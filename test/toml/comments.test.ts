import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRuleFile } from "../../src/schema/toml/write.js";

const COMMENTED = readFileSync(join(import.meta.dirname, "fixtures", "commented.toml"), "utf8");

function formatted(text: string): string {
  const result = formatRuleFile(text);
  if (!("text" in result)) throw new Error(JSON.stringify(result.findings));
  return result.text;
}

describe("comments survive formatting", () => {
  it("a canonical file with comments in every position is left exactly as it is", () => {
    expect(formatted(COMMENTED)).toBe(COMMENTED);
  });

  it("a full-line comment moves with the key below it when keys are sorted", () => {
    const text = '[rule]\n# SOC-1234: do not lower\nseverity = "high"\nname = "x"\n';
    expect(formatted(text)).toBe('[rule]\nname = "x"\n# SOC-1234: do not lower\nseverity = "high"\n');
  });

  it("a trailing comment stays on its key's line, and a header comment at the top of the file", () => {
    const text = '# owned by SOC\n\n[rule]\ntype = "query" # keep\nname = "x"\n';
    expect(formatted(text)).toBe('# owned by SOC\n\n[rule]\nname = "x"\ntype = "query" # keep\n');
  });

  it("a comment moves with a table that is reordered", () => {
    const text = '# the rule\n[rule]\nname = "x"\n\n# bookkeeping\n[metadata]\nmaturity = "production"\n';
    expect(formatted(text)).toBe(
      '# bookkeeping\n[metadata]\nmaturity = "production"\n\n# the rule\n[rule]\nname = "x"\n',
    );
  });

  it("comments inside a short array keep it one item per line", () => {
    const text = '[rule]\ntags = [\n  "a", # first\n  "b",\n]\n';
    expect(formatted(text)).toBe('[rule]\ntags = [\n    "a", # first\n    "b",\n]\n');
  });

  it("a comment above an inline array of tables goes with its first [[header]]", () => {
    const text = '[rule]\nname = "x"\n# the mapping\nthreat = [{ framework = "MITRE ATT&CK" }]\n';
    expect(formatted(text)).toBe(
      '[rule]\nname = "x"\n\n# the mapping\n[[rule.threat]]\nframework = "MITRE ATT&CK"\n',
    );
  });

  it("formatting twice gives the same text", () => {
    const once = formatted("[rule]\n# c\nb = 1 # t\na = [ # x\n 1,\n]\n");
    expect(formatted(once)).toBe(once);
  });
});
