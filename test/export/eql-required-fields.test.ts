import { describe, expect, it } from "vitest";
import { validatedExport } from "../../src/deploy/validated-export.js";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { config, variant } from "../validate/helpers.js";

describe("required_fields of EQL rules", () => {
  it("lists every field the EQL query reads, with its type and whether ECS defines it", () => {
    const text = variant(
      ['language = "kuery"', 'language = "eql"'],
      ['type = "query"', 'type = "eql"'],
      [
        'event.action:"added-member-to-group" and group.name:"Administrators"',
        'sequence by host.id with maxspan=1m [process where process.name == "net.exe"] [iam where ?group.name : "admin*"]',
      ],
    );
    const { exported } = validatedExport([parseRuleFile("rules/a.toml", text)], config());
    expect(exported.failures).toEqual([]);
    expect(exported.rules[0].body.required_fields).toEqual([
      { name: "group.name", type: "keyword", ecs: true },
      { name: "host.id", type: "keyword", ecs: true },
      { name: "process.name", type: "keyword", ecs: true },
    ]);
  });
});
