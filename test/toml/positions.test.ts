import { describe, expect, it } from "vitest";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { positionOfText } from "./helpers.js";

const RULE = `[metadata]
creation_date = "2024/01/01"

[rule]
name = "Example"
tags = [
    "Domain: Endpoint",
    "OS: Linux",
]
index = [["nested", "arrays"], ["second", "inner"]]
"quoted key" = 1
meta.source.kind = "dotted"
required_fields = [{ name = "host.id", type = "keyword" }, { name = "user.name", ecs = true }]
severity_mapping = { field = "risk", value = { low = 1 } }

query = '''
process.name : "a" and
  user.name : "b"
'''
note = """Line one
with \\"escaped\\" quotes \\t and \\u00e9 and \\U0001F600 then \\
    continued here
done"""
single = "a\\tb\\nc"
literal = 'C:\\path'

[[rule.threat]]
framework = "MITRE ATT&CK"

[[rule.threat.technique]]
id = "T1059"

[[rule.threat.technique]]
id = "T1105"

[[rule.threat.technique.subtechnique]]
id = "T1105.001"

[rule.threat.tactic]
id = "TA0002"

[[rule.threat]]
framework = "MITRE ATT&CK"

[rule.threat.tactic]
id = "TA0011"

[rule.new_terms]
field = "new_terms_fields"

[[rule.new_terms.history_window_start]]
value = "now-7d"
`;

const file = parseRuleFile("rules/example.toml", RULE);
const at = (needle: string, nth = 0, shift = 0) => positionOfText(RULE, needle, nth, shift);

describe("positionOf", () => {
  it("parses the fixture without findings", () => {
    expect(file.findings).toEqual([]);
    expect(file.rule?.name).toBe("Example");
  });

  it("points at keys of plain tables and at table headers", () => {
    expect(file.positionOf(["metadata", "creation_date"])).toEqual({ line: 2, column: 1 });
    expect(file.positionOf(["rule"])).toEqual(at("[rule]"));
    expect(file.positionOf(["rule", "name"])).toEqual(at("name ="));
    expect(file.positionOf(["rule", "quoted key"])).toEqual(at('"quoted key"'));
    expect(file.positionOf(["rule", "new_terms"])).toEqual(at("[rule.new_terms]"));
  });

  it("points at elements of arrays, nested arrays included", () => {
    expect(file.positionOf(["rule", "tags", 1])).toEqual(at('"OS: Linux"'));
    expect(file.positionOf(["rule", "index", 1])).toEqual(at('["second"'));
    expect(file.positionOf(["rule", "index", 1, 1])).toEqual(at('"inner"'));
  });

  it("points at dotted keys, each segment separately", () => {
    expect(file.positionOf(["rule", "meta"])).toEqual(at("meta.source"));
    expect(file.positionOf(["rule", "meta", "source"])).toEqual(at("source.kind"));
    expect(file.positionOf(["rule", "meta", "source", "kind"])).toEqual(at("kind ="));
  });

  it("points at keys of inline tables, also inside arrays", () => {
    expect(file.positionOf(["rule", "required_fields", 1, "ecs"])).toEqual(at("ecs = true"));
    expect(file.positionOf(["rule", "required_fields", 0, "type"])).toEqual(at('type = "keyword"'));
    expect(file.positionOf(["rule", "severity_mapping", "value", "low"])).toEqual(at("low = 1"));
  });

  it("counts arrays of tables per parent element", () => {
    expect(file.positionOf(["rule", "threat", 0])).toEqual(at("[[rule.threat]]", 0));
    expect(file.positionOf(["rule", "threat", 1])).toEqual(at("[[rule.threat]]", 1));
    expect(file.positionOf(["rule", "threat", 0, "technique", 1])).toEqual(
      at("[[rule.threat.technique]]", 1),
    );
    expect(file.positionOf(["rule", "threat", 0, "technique", 1, "id"])).toEqual(at('id = "T1105"'));
    expect(file.positionOf(["rule", "threat", 0, "technique", 1, "subtechnique", 0, "id"])).toEqual(
      at('id = "T1105.001"'),
    );
    expect(file.positionOf(["rule", "threat", 1, "tactic", "id"])).toEqual(at('id = "TA0011"'));
    expect(file.positionOf(["rule", "threat", 1, "framework"])).toEqual(at("framework", 1));
    expect(file.positionOf(["rule", "new_terms", "history_window_start", 0, "value"])).toEqual(
      at('value = "now-7d"'),
    );
  });

  it("falls back to the nearest ancestor, then to the start of the file", () => {
    expect(file.positionOf(["rule", "threat", 1, "technique"])).toEqual(at("[[rule.threat]]", 1));
    expect(file.positionOf(["rule", "missing", "deeper"])).toEqual(at("[rule]"));
    expect(file.positionOf(["nothing"])).toEqual({ line: 1, column: 1 });
  });
});

describe("positionInValue", () => {
  it("maps offsets in a ''' literal string, whose first newline is not part of the value", () => {
    const query = file.rule?.query as string;
    expect(file.positionInValue(["rule", "query"], 0)).toEqual(at("process.name"));
    expect(file.positionInValue(["rule", "query"], query.indexOf("user.name"))).toEqual(at("user.name :"));
    expect(file.positionInValue(["rule", "query"], query.indexOf('"b"'))).toEqual(at('"b"'));
  });

  it('maps offsets in a """ string across escapes and a line-ending backslash', () => {
    const note = file.rule?.note as string;
    expect(note).toBe('Line one\nwith "escaped" quotes \t and é and 😀 then continued here\ndone');
    const position = (needle: string) => file.positionInValue(["rule", "note"], note.indexOf(needle));
    expect(position("Line")).toEqual(at("Line one"));
    expect(position('"escaped')).toEqual(at('\\"escaped'));
    expect(position("\t")).toEqual(at("\\t and"));
    expect(position("é")).toEqual(at("\\u00e9"));
    expect(position("😀")).toEqual(at("\\U0001F600"));
    expect(position(" then")).toEqual(at(" then"));
    expect(position("continued")).toEqual(at("continued"));
    expect(position("done")).toEqual(at("done"));
  });

  it("maps offsets in one-line basic and literal strings", () => {
    expect(file.positionInValue(["rule", "single"], 2)).toEqual(at("b\\nc"));
    expect(file.positionInValue(["rule", "single"], 3)).toEqual(at("\\nc"));
    expect(file.positionInValue(["rule", "single"], 4)).toEqual(at('c"\nliteral'));
    expect(file.positionInValue(["rule", "literal"], 3)).toEqual(at("path'"));
  });

  it("clamps offsets, works for strings in arrays, falls back to the key for other values", () => {
    expect(file.positionInValue(["rule", "query"], -5)).toEqual(at("process.name"));
    expect(file.positionInValue(["rule", "query"], 10_000)).toEqual(at("'''", 1));
    expect(file.positionInValue(["rule", "quoted key"], 3)).toEqual(at('"quoted key"'));
    expect(file.positionInValue(["rule", "tags", 0], 3)).toEqual(at("Domain: Endpoint", 0, 3));
  });

  it("maps offsets in files saved with CRLF newlines", () => {
    const text = "[rule]\r\nname = 'x'\r\nquery = '''\r\na : 1 and\r\nb : 2\r\n'''\r\n";
    const crlf = parseRuleFile("crlf.toml", text);
    expect(crlf.findings).toEqual([]);
    expect(crlf.rule?.query).toBe("a : 1 and\nb : 2\n");
    expect(crlf.positionInValue(["rule", "query"], 10)).toEqual({ line: 5, column: 1 });
    expect(crlf.positionOf(["rule", "query"])).toEqual({ line: 3, column: 1 });
  });
});
