import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, PROJECT_ROOT } from "../support/built-cli.js";

let dir: string;
beforeAll(() => {
  // Building takes a while on a busy machine when the sources changed since the last build.
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "dac-pipe-"));
  const queries = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ kql: `a:${i} and b:c*` }));
  writeFileSync(join(dir, "queries.jsonl"), `${queries.join("\n")}\n`);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `dac ARGS < stdin | head -1` in a shell; dac's exit status and standard error. */
function intoHead(args: string, stdin = "/dev/null"): { status: number; stderr: string; first: string } {
  const script = `node bin/dac.js ${args} < ${stdin} 2>"${dir}/stderr" | head -1; echo "status=\${PIPESTATUS[0]}"`;
  const out = execFileSync("bash", ["-c", script], { cwd: PROJECT_ROOT, encoding: "utf8" });
  const status = Number(/status=(\d+)/.exec(out)?.[1]);
  const stderr = execFileSync("cat", [join(dir, "stderr")], { encoding: "utf8" });
  return { status, stderr, first: out.split("\n")[0] };
}

describe("a reader that goes away (dac ... | head -1)", () => {
  it("kql dsl --batch stops quietly, as Unix tools do", () => {
    const result = intoHead("kql dsl --batch", join(dir, "queries.jsonl"));
    expect(JSON.parse(result.first)).toHaveProperty("dsl");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(141);
  });
});
