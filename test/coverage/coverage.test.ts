import { readFileSync, rmSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";
import { coverageRepository } from "./repository.js";

const layerSchema = JSON.parse(
  readFileSync(new URL("./navigator-layer-4.5.schema.json", import.meta.url), "utf8"),
);

let dir: string;
beforeEach(() => {
  dir = coverageRepository();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function coverage(format: string): Promise<string> {
  const result = await runDac(["coverage", "rules", "--format", format], { cwd: dir });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result.stdout;
}

describe("dac coverage --format navigator", () => {
  it("writes a layer that conforms to the Navigator layer format 4.5", async () => {
    const layer = JSON.parse(await coverage("navigator"));
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(layerSchema);
    const valid = validate(layer);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(layer.versions).toEqual({ attack: "18", navigator: "5.1.0", layer: "4.5" });
    const misspelt = { ...layer, techniques: [{ ...layer.techniques[0], techniqueId: "T1098" }] };
    expect(validate(misspelt)).toBe(false);
  });

  it("scores each mapped technique by enabled production rules, naming every mapping rule in the comment", async () => {
    const layer = JSON.parse(await coverage("navigator"));
    expect(
      layer.techniques.map((t: { techniqueID: string; tactic: string }) => `${t.tactic}/${t.techniqueID}`),
    ).toEqual(["persistence/T1098", "persistence/T1098.007"]);
    const [technique] = layer.techniques;
    expect(technique.score).toBe(2);
    expect(technique.comment.split("\n").sort()).toEqual([
      "Disabled Admin Rule (disabled)",
      "Draft Admin Rule (development)",
      "Second Admin Rule",
      "User Added to Administrators",
    ]);
    expect(technique.comment).not.toContain("Retired");
    expect(layer.gradient.maxValue).toBe(2);
  });
});

describe("dac coverage --format markdown", () => {
  it("summarises each tactic and lists the covered techniques with their rules", async () => {
    const markdown = await coverage("markdown");
    expect(markdown).toMatch(/^\| Persistence \| 1 \/ \d+ \| 2 \|$/m);
    expect(markdown).toMatch(/^\| Initial Access \| 0 \/ \d+ \| 0 \|$/m);
    expect(markdown).toContain(
      "| T1098 Account Manipulation | 2 | Second Admin Rule<br>User Added to Administrators<br>" +
        "Disabled Admin Rule (disabled)<br>Draft Admin Rule (development) |",
    );
    expect(markdown).toContain("| ↳ T1098.007 Additional Local or Domain Groups | 2 |");
  });
});

describe("dac coverage --env", () => {
  it("counts rules without `enabled` as the environment deploys them", async () => {
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      `${dir}/dac.config.yaml`,
      "environments:\n  prod:\n    url: https://kibana.example.com\n    enabled: false\n",
    );
    const result = await runDac(["coverage", "rules", "--format", "navigator", "--env", "prod"], {
      cwd: dir,
    });
    expect(JSON.parse(result.stdout).techniques[0].score).toBe(0);
  });
});
