import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { variant } from "../validate/helpers.js";

/**
 * A small repository for coverage: two enabled production rules mapping Persistence / T1098 / T1098.007, a
 * development rule and a disabled one mapping the same (listed, not counted), a deprecated one (left out).
 */
export function coverageRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), "dac-coverage-"));
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const rule = (n: number, name: string, ...more: [string, string][]) =>
    variant(
      ["0b8e3a5c-1111-4a1a-9c1e-000000000001", `0b8e3a5c-1111-4a1a-9c1e-00000000000${n}`],
      ['name = "User Added to Administrators"', `name = "${name}"`],
      ...more,
    );
  write("rules/admins.toml", rule(1, "User Added to Administrators"));
  write("rules/second.toml", rule(2, "Second Admin Rule"));
  write(
    "rules/draft.toml",
    rule(3, "Draft Admin Rule", ['maturity = "production"', 'maturity = "development"']),
  );
  write(
    "rules/off.toml",
    rule(4, "Disabled Admin Rule", ['type = "query"', 'type = "query"\nenabled = false']),
  );
  write(
    "rules/_deprecated/old.toml",
    rule(5, "Retired Admin Rule", ['maturity = "production"', 'maturity = "deprecated"']),
  );
  return dir;
}
