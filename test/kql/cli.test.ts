import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { registerKql } from "../../src/cli/commands/kql.js";
import { type CliIO, EXIT_USAGE, UsageError } from "../../src/cli/io.js";

/** Runs `dac kql ...` with only this command registered, the way the CLI's main runs commands. */
async function dac(args: string[], stdin = "", cwd = process.cwd()) {
  let stdout = "";
  let stderr = "";
  let code = 0;
  const io: CliIO = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => stdin,
    cwd,
    env: {},
    interactive: false,
  };
  const program = new Command("dac")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerKql(program, io, (exit) => {
    code = exit;
  });
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr += `dac: ${error.message}\n`;
      code = EXIT_USAGE;
    } else if (error instanceof CommanderError) {
      code = EXIT_USAGE;
    } else {
      throw error;
    }
  }
  return { stdout, stderr, code };
}

describe("dac kql", () => {
  it("prints the DSL for a query given as an argument or on stdin", async () => {
    const expected = {
      bool: { should: [{ match_phrase: { "process.name": "x" } }], minimum_should_match: 1 },
    };
    const fromArgument = await dac(["kql", "dsl", 'process.name:"x"']);
    expect(fromArgument.code).toBe(0);
    expect(JSON.parse(fromArgument.stdout)).toEqual(expected);
    expect(JSON.parse((await dac(["kql", "dsl"], 'process.name:"x"\n')).stdout)).toEqual(expected);
  });

  it("uses a --fields file as the data view and --query-config options", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dac-kql-"));
    writeFileSync(join(dir, "fields.json"), JSON.stringify({ "host.name": "keyword" }));
    const result = await dac(
      ["kql", "dsl", "host.name:a", "--fields", "fields.json", "--query-config", '{"caseInsensitive":true}'],
      "",
      dir,
    );
    expect(JSON.parse(result.stdout)).toEqual({
      bool: {
        should: [{ term: { "host.name": { value: "a", case_insensitive: true } } }],
        minimum_should_match: 1,
      },
    });
    const missing = await dac(["kql", "dsl", "a:b", "--fields", "nope.json"], "", dir);
    expect(missing.code).toBe(EXIT_USAGE);
    expect(missing.stderr).toContain("nope.json");
    expect((await dac(["kql", "dsl", "a:b", "--query-config", '{"caseInsensitiv":true}'])).code).toBe(
      EXIT_USAGE,
    );
  });

  it("answers every batch line in order, errors and blank lines included", async () => {
    const lines = [
      JSON.stringify({ kql: "a:1" }),
      "not json",
      JSON.stringify({ kql: "a:(" }),
      "",
      JSON.stringify({ kql: "u.x:1", fields: { "u.x": { type: "keyword", nested_path: "u" } } }),
      JSON.stringify({ kql: "t:x", fields: { t: "date" }, config: { dateFormatTZ: "UTC" } }),
    ];
    const result = await dac(["kql", "dsl", "--batch"], `${lines.join("\n")}\n`);
    expect(result.code).toBe(0);
    const out = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(out).toHaveLength(6);
    expect(out[0]).toEqual({ dsl: { bool: { should: [{ match: { a: "1" } }], minimum_should_match: 1 } } });
    expect(out[1].error.message).toMatch(/^input line 2: invalid JSON/);
    expect(out[2]).toEqual({
      error: { message: 'Expected "(", NOT, value, whitespace but end of input found.', line: 1, column: 4 },
    });
    expect(out[3].error.message).toBe("input line 4: blank line, expected a JSON object");
    expect(out[4].error.message).toBe(
      "u.x is a nested field, but is not in a nested group in the KQL expression.",
    );
    expect(out[5].dsl.bool.should[0].range.t).toEqual({ gte: "x", lte: "x", time_zone: "UTC" });
  });

  it("reports a syntax error with position and caret, exit 1", async () => {
    const result = await dac(["kql", "dsl", "a:b c:d"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'dac: KQL syntax error at line 1, column 6: Expected AND, OR, end of input but ":" found.\na:b c:d\n-----^\n',
    );
  });

  it("prints the tree and the canonical form", async () => {
    const tree = JSON.parse((await dac(["kql", "parse", "a:b"])).stdout);
    expect(tree).toEqual({
      type: "function",
      function: "is",
      arguments: [
        { type: "literal", value: "a", isQuoted: false, start: 0, end: 1 },
        { type: "literal", value: "b", isQuoted: false, start: 2, end: 3 },
      ],
      start: 0,
      end: 3,
    });
    expect((await dac(["kql", "fmt", "a:b and not (c:d or e)"])).stdout).toBe("(a: b AND NOT (c: d OR e))\n");
  });
});
