/**
 * Every command the README shows runs as written after its set-up (`npm ci && npm start`): the `sh` examples
 * run for real (Kibana commands against the fake Kibana), and every `npx dac …` synopsis names a command and
 * options that `--help` lists.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandsFor } from "../src/cli/commands/index.js";
import type { CliIO } from "../src/cli/io.js";
import { type FakeKibana, startFakeKibana } from "./deploy/fake-kibana/server.js";
import { ensureBuilt, PROJECT_ROOT } from "./support/built-cli.js";
import { runDac } from "./support/cli.js";

const README = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
const SCRIPTS: Record<string, string> = JSON.parse(
  readFileSync(join(PROJECT_ROOT, "package.json"), "utf8"),
).scripts;
const KEY = "readme-test-key";

/** Command lines of the README's `sh` blocks, without their comments. */
function shellCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((match) => match[1]);
  return blocks
    .flatMap((block) => block.split("\n"))
    .map((line) => line.replace(/\s+#\s.*$/, "").trim())
    .filter((line) => line !== "");
}

/** Words of a command line as a POSIX shell splits them (quotes, no expansions). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** `npx dac …` in inline code anywhere in the README: the synopses of the commands table and the prose. */
const synopses = [
  ...new Set([...README.matchAll(/`(npx dac [^`]+)`/g)].map((match) => match[1].replace(/\\\|/g, "|"))),
];

/** The names of dac's commands, as the command line registers them. */
async function cliCommandNames(): Promise<string[]> {
  const program = new Command();
  const io: CliIO = {
    stdout: () => {},
    stderr: () => {},
    readStdin: async () => "",
    cwd: PROJECT_ROOT,
    env: {},
    interactive: false,
  };
  for (const register of await commandsFor([])) register(program, io, () => {});
  return program.commands.map((command) => command.name());
}

let project: string;
let kibana: FakeKibana;
beforeAll(async () => {
  kibana = await startFakeKibana({ spaces: ["soc", "soc-emea"], apiKeys: [KEY] });
  project = mkdtempSync(join(tmpdir(), "dac-readme-"));
  for (const path of ["rules", "test/fixtures"])
    cpSync(join(PROJECT_ROOT, path), join(project, path), { recursive: true });
});
afterAll(async () => {
  await kibana.close();
  rmSync(project, { recursive: true, force: true });
});

/** Runs one README line as the shell would, with `npx dac` and `npm run X --` resolved to this project's dac. */
async function runLine(line: string): Promise<{ code: number; output: string } | "skip"> {
  const env = { KIBANA_URL: kibana.url, KIBANA_API_KEY: KEY };
  const [first, second, ...rest] = words(line);
  let args: string[];
  if (first === "npx" && second === "dac") args = rest;
  else if (first === "npm" && second === "run") {
    const [script, separator, ...scriptArgs] = rest;
    expect(SCRIPTS, `npm run ${script}`).toHaveProperty(script);
    const [node, bin, ...fixed] = words(SCRIPTS[script]);
    if (node !== "node" || bin !== "bin/dac.js") return "skip";
    args = [...fixed, ...(separator === "--" ? scriptArgs : [])];
  } else return "skip";
  const result = await runDac(args, { cwd: project, env });
  return { code: result.code, output: result.stdout + result.stderr };
}

describe("the README's commands", () => {
  it("its set-up lines name npm scripts that exist, and npm start is dac check", () => {
    const setup = shellCommands(README).filter((line) => line.startsWith("npm "));
    expect(setup).toContain("npm ci && npm start");
    expect(SCRIPTS.start).toBe("node bin/dac.js check");
    expect(SCRIPTS.test).toBeDefined();
  });

  it("writes every command as it runs after the set-up: `npx dac …`, never a bare `dac …`", async () => {
    const commands = (await cliCommandNames()).join("|");
    const bare = README.match(new RegExp(`(\`|^)dac (${commands})\\b`, "gm")) ?? [];
    const inBlocks = shellCommands(README).filter((line) => new RegExp(`^dac (${commands})\\b`).test(line));
    expect([...bare, ...inBlocks]).toEqual([]);
    expect(synopses.length).toBeGreaterThan(10);
  });

  // Building takes a while on a busy machine when the sources changed since the last build.
  it("`npx dac` runs this project's dac after the set-up", { timeout: 300_000 }, () => {
    ensureBuilt();
    const out = execFileSync("npx", ["--no-install", "dac", "--help"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    });
    expect(out).toContain("Usage: dac");
  });

  it.each(shellCommands(README).filter((line) => !/^(npm (ci|start|test)\b|export )/.test(line)))(
    "runs as written: %s",
    async (line) => {
      const result = await runLine(line);
      if (result === "skip") return;
      expect(result.output).not.toMatch(/internal error|unknown (option|command)/);
      expect(result.code, result.output).toBe(0);
    },
  );

  it.each(synopses)("names a command and options that exist: %s", async (synopsis) => {
    const tokens = words(synopsis).slice(2);
    const path = [tokens[0]];
    const sub = await runDac([tokens[0], tokens[1] ?? "", "--help"], { cwd: project });
    if (/^[a-z]+$/.test(tokens[1] ?? "") && sub.stdout.includes(`Usage: dac ${tokens[0]} ${tokens[1]} `)) {
      path.push(tokens[1]);
    }
    const help = await runDac([...path, "--help"], { cwd: project });
    expect(help.code, `${path.join(" ")} --help`).toBe(0);
    for (const option of synopsis.match(/--[a-z][a-z-]*/g) ?? []) {
      expect(help.stdout, `${path.join(" ")} --help lists ${option}`).toContain(option);
    }
  });
});
