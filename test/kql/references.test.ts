import { describe, expect, it } from "vitest";
import { kqlFieldReferences, parseKql } from "../../src/kql/index.js";

describe("kqlFieldReferences", () => {
  it("lists every field with its position, kind and compared values, in source order", () => {
    const text =
      'event.code:(4624 or "4625") and not host.*:* and bytes >= 10 and users:{ name:a* } and free';
    const references = kqlFieldReferences(parseKql(text));
    expect(references.map((r) => [r.field, r.kind, text.slice(r.start, r.end)])).toEqual([
      ["event.code", "is", "event.code"],
      ["event.code", "is", "event.code"],
      ["host.*", "exists", "host.*"],
      ["bytes", "range", "bytes"],
      ["users", "nested", "users"],
      ["users.name", "is", "name"],
    ]);
    expect(references[0].value).toEqual({
      value: "4624",
      quoted: false,
      wildcard: false,
      start: 12,
      end: 16,
    });
    expect(references[1].value).toMatchObject({ value: "4625", quoted: true });
    expect(references[2]).toMatchObject({ wildcardField: true });
    expect(references[2].value).toBeUndefined();
    expect(references[3]).toMatchObject({ operator: "gte", value: { value: "10" } });
    expect(references[5]).toMatchObject({ nestedPath: "users", value: { value: "a*", wildcard: true } });
  });

  it("leaves out free text and match-all", () => {
    expect(kqlFieldReferences(parseKql('*:* or alice or "bob"'))).toEqual([]);
  });

  it("keeps unquoted true/false/null as JSON values", () => {
    expect(kqlFieldReferences(parseKql("a:true"))[0].value?.value).toBe(true);
  });
});
