import { describe, expect, it } from "vitest";
import { dictHash, type RequiredFieldsOf, ruleContentHash } from "../../src/repository/content-hash.js";
import { pythonJson } from "../../src/repository/python-json.js";
import { readQuery } from "../../src/repository/required-fields.js";

const noFields: RequiredFieldsOf = () => ({ fields: [] });

/** The hashed payload, read back from the exact JSON text that was hashed. */
function hashed(...args: Parameters<typeof ruleContentHash>): Record<string, unknown> {
  const result = ruleContentHash(...args);
  if (!("json" in result)) throw new Error(result.unsupported);
  return JSON.parse(result.json);
}

describe("Python-compatible JSON", () => {
  it("writes what json.dumps(sort_keys=True) writes: sorted keys, spaced separators, ASCII escapes", () => {
    const value = { name: 'Café — "x"\n', b: [1, true, null, { z: "\u2028", a: "tab\there" }], a: {} };
    expect(pythonJson(value)).toBe(
      '{"a": {}, "b": [1, true, null, {"a": "tab\\there", "z": "\\u2028"}], "name": "Caf\\u00e9 \\u2014 \\"x\\"\\n"}',
    );
  });

  it("hashes as detection-rules' dict_hash: sha256 of the base64 of that text", () => {
    const value = { name: 'Café — "x"\n', b: [1, true, null, { z: "\u2028", a: "tab\there" }], a: {} };
    expect(dictHash(value)).toBe("3b30ce10c63ceb3df1b39cd8a3af92fd57a99adb66b14928ef100d232a09aedc");
  });

  it("indents like json.dumps(indent=2), empty containers inline", () => {
    expect(pythonJson({ b: { y: [1, 2], x: [] }, a: "é" }, 2)).toBe(
      '{\n  "a": "\\u00e9",\n  "b": {\n    "x": [],\n    "y": [\n      1,\n      2\n    ]\n  }\n}',
    );
  });
});

describe("the hashed rule content", () => {
  it("collapses text onto one line but keeps queries and notes as written", () => {
    const payload = hashed(
      {
        rule: {
          type: "query",
          language: "kuery",
          description: "  First line\n  second line\n",
          query: "a:1\n  and b:2\n",
          note: "## Triage\n\nLook.\n",
          tags: [" Domain: Cloud\n"],
        },
      },
      noFields,
    );
    expect(payload.description).toBe("First line second line");
    expect(payload.query).toBe("a:1\n  and b:2\n");
    expect(payload.note).toBe("## Triage\n\nLook.\n");
    expect(payload.tags).toEqual(["Domain: Cloud"]);
  });

  it("leaves out version and related_integrations, and gives every threat entry a technique list", () => {
    const payload = hashed(
      {
        rule: {
          type: "machine_learning",
          version: 4,
          related_integrations: [{ package: "aws", version: "^2.0.0" }],
          threat: [{ framework: "MITRE ATT&CK", tactic: { id: "TA0001" } }],
        },
      },
      noFields,
    );
    expect(payload).toEqual({
      type: "machine_learning",
      threat: [{ framework: "MITRE ATT&CK", tactic: { id: "TA0001" }, technique: [] }],
    });
  });

  it("writes new_terms in API shape and adds the query's required_fields", () => {
    const payload = hashed(
      {
        rule: {
          type: "new_terms",
          language: "kuery",
          query: "user.name:x",
          new_terms: {
            field: "new_terms_fields",
            value: ["user.name"],
            history_window_start: [{ field: "history_window_start", value: "now-7d" }],
          },
        },
      },
      () => ({ fields: [{ name: "user.name", type: "keyword", ecs: true }] }),
    );
    expect(payload.new_terms).toBeUndefined();
    expect(payload.new_terms_fields).toEqual(["user.name"]);
    expect(payload.history_window_start).toBe("now-7d");
    expect(payload.required_fields).toEqual([{ name: "user.name", type: "keyword", ecs: true }]);
  });

  it("moves a `## Setup` section of the note into setup, as detection-rules does on export", () => {
    const payload = hashed(
      {
        rule: {
          type: "query",
          language: "kuery",
          note: "## Triage\n\nLook.\n\n## Setup\n\nInstall the `aws` integration.\nThen wait.\n",
        },
      },
      noFields,
    );
    expect(payload.setup).toBe("Install the `aws` integration.\nThen wait.");
    expect(payload.note).toBe("## Triage\n\nLook.");
  });

  it("renders a Setup list as detection-rules' Markdown walk does: items run together, markup dropped", () => {
    const payload = hashed(
      {
        rule: {
          type: "query",
          language: "kuery",
          note: "## Setup\n\nNeeds:\n\n- **Zeek** logs\n- the `smb` stream\n\nThen wait.",
        },
      },
      noFields,
    );
    expect(payload.setup).toBe("Needs:\n\nZeek logsthe `smb` stream\nThen wait.");
  });

  it("renders [transform] osquery entries into the note's placeholders; $$ becomes $", () => {
    const payload = hashed(
      {
        rule: { type: "machine_learning", note: "Run $osquery_0 for $$5, keep $unknown_1." },
        transform: { osquery: [{ query: "SELECT 1", label: "One" }] },
      },
      noFields,
    );
    expect(payload.note).toBe('Run !{osquery{"label":"One","query":"SELECT 1"}} for $5, keep $unknown_1.');
  });

  it("cannot hash a query rule whose required_fields cannot be computed", () => {
    const result = ruleContentHash(
      { rule: { type: "query", language: "kuery", query: "a:1" } },
      () => undefined,
    );
    expect(result).toEqual({ unsupported: "required_fields of kuery queries" });
  });
});

describe("EQL field names for required_fields", () => {
  it("reads the fields of conditions and join keys, as detection-rules' EQL library names them", () => {
    const query = `sequence by host.id with maxspan=5m
      [process where event.type == "start" and process.name : ("a.exe", "b") /* user.name */]
      [network where ?destination.port in (443, 8443) and not startsWith~(process.\`command_line\`, "x")]
      until [process where event.type == "end"]`;
    expect(readQuery(query, "eql")?.fields).toEqual([
      "destination.port",
      "event.type",
      "host.id",
      "process.command_line",
      "process.name",
    ]);
  });

  it("keeps the backquotes of a part that is not a plain identifier, which sorts it before letters", () => {
    const query =
      'any where `kubernetes.audit.user.extra.authentication.kubernetes.io/pod-name` == "x" and a.b == 1';
    expect(readQuery(query, "eql")?.fields).toEqual([
      "`kubernetes.audit.user.extra.authentication.kubernetes.io/pod-name`",
      "a.b",
    ]);
  });
});

describe("KQL field names for required_fields", () => {
  it("lists every field once, sorted, nested paths included", () => {
    expect(
      readQuery('b.x:1 and a:* and not c >= 3 and n:{ k:"v" } and "free text"', "kuery")?.fields,
    ).toEqual(["a", "b.x", "c", "n", "n.k"]);
  });
});
