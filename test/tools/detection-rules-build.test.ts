import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { readHashFieldTypes } from "../../src/repository/hash-field-types.js";

/** A detection-rules checkout with just the etc/ files the builder reads. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), "dac-dr-checkout-"));
  const etc = join(root, "detection_rules", "etc");
  const write = (path: string, content: string | Buffer) => {
    mkdirSync(join(etc, path, ".."), { recursive: true });
    writeFileSync(join(etc, path), content);
  };
  const gz = (value: unknown) => gzipSync(JSON.stringify(value));
  write("packages.yaml", "package:\n  name: '9.6'\n");
  write("stack-schema-map.yaml", '"9.6.0":\n  beats: "9.5.0"\n  ecs: "9.5.0"\n  endgame: "8.4.0"\n');
  write(
    "ecs_schemas/9.5.0/ecs_flat.json.gz",
    gz({ "host.ip": { type: "ip" }, "process.name": { type: "keyword" } }),
  );
  write("endgame_schemas/8.4.0/endgame_ecs_mapping.json.gz", gz({ "endgame.pid": "long" }));
  const meta = (fields: unknown) => ({ folders: { _meta: { files: { "fields.yml": fields } } } });
  write(
    "beats_schemas/v9.5.0.json.gz",
    gz({
      winlogbeat: {
        folders: {
          _meta: {
            files: {
              "fields.common.yml": [{ name: "winlog", type: "group", fields: [{ name: "channel" }] }],
            },
          },
          module: {
            folders: {
              security: {
                folders: {
                  _meta: { files: { "fields.yml": [{ name: "logon.id", type: "long" }] } },
                  logon: meta([
                    { name: "logon", type: "group", fields: [{ name: "type", type: "keyword" }] },
                  ]),
                  zoom: meta([
                    { name: "security", type: "group", fields: [{ name: "meeting", type: "text" }] },
                  ]),
                },
              },
            },
          },
        },
      },
    }),
  );
  return root;
}

const root = checkout();
const out = join(root, "field-types.json");
execFileSync(process.execPath, ["tools/detection-rules/build.mjs", root, "--out", out], { stdio: "pipe" });
const types = readHashFieldTypes(out);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("detection-rules:build output", () => {
  it("records the stack and its ECS and Endgame types", () => {
    expect(types.stackVersion).toBe("9.6.0");
    expect(types.ecs.get("host.ip")).toBe("ip");
    expect(types.endgame.get("endgame.pid")).toBe("long");
  });

  it("gives a beat's common fields (untyped ones as keyword), its module's own, and the query's datasets'", () => {
    const schema = types.beats(["winlogbeat"], new Set(["security"]), new Set(["security.logon"]));
    expect(schema.get("winlog.channel")).toBe("keyword");
    expect(schema.get("logon.id")).toBe("long");
    expect(schema.get("security.logon.type")).toBe("keyword");
    expect(schema.has("security.meeting")).toBe(false);
  });

  it("takes every dataset of a module when the query names none, folding a lone module.module group", () => {
    const schema = types.beats(["winlogbeat"], new Set(["security"]), new Set());
    expect(schema.get("security.logon.type")).toBe("keyword");
    expect(schema.get("security.meeting")).toBe("text");
  });
});
