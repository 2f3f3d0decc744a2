import { describe, expect, it } from "vitest";
import { docs, mapping, open } from "./helpers.js";

const MAPPING = mapping("i", {
  bytes: { type: "long" },
  small: { type: "byte" },
  "@timestamp": { type: "date" },
  ok: { type: "boolean" },
  "source.ip": { type: "ip" },
  "host.name": { type: "keyword" },
  "data_stream.type": { type: "constant_keyword", value: "logs" },
});

const rejects = (source: object) => expect(open([MAPPING], docs("i", { "doc-7": source as never })));

describe("documents that violate the mapping fail open() like a mapper_parsing_exception", () => {
  it.each([
    [
      { bytes: "abc" },
      /document \[doc-7\] in index \[i\]: failed to parse field \[bytes\]: For input string: "abc"/,
    ],
    [{ bytes: true }, /field \[bytes\].*not numeric/],
    [{ small: 300 }, /field \[small\]: Value \[300\] is out of range for a byte/],
    [{ "@timestamp": "last tuesday" }, /field \[@timestamp\]: failed to parse date field \[last tuesday\]/],
    [{ ok: "yes" }, /field \[ok\]: Failed to parse value \[yes\]/],
    [{ source: { ip: "999.1.1.1" } }, /field \[source.ip\]: '999.1.1.1' is not an IP string literal/],
    [{ host: { name: { first: "x" } } }, /field \[host.name\]/],
    [
      { host: "web" },
      /field \[host\]: object mapping for \[host\] tried to parse field \[host\] as object, but found a concrete value/,
    ],
    [
      { data_stream: { type: "metrics" } },
      /only accepts values that are equal to the value defined in the mappings \[logs\], but got \[metrics\]/,
    ],
  ])("rejects %j", async (source, message) => {
    await rejects(source).rejects.toThrow(message);
  });

  it("a dynamically mapped long then rejects non-numbers, like Elasticsearch's first-seen mapping", async () => {
    await expect(open([], docs("d", { first: { n: 1 }, second: { n: "many" } }))).rejects.toThrow(
      /document \[second\] in index \[d\]: failed to parse field \[n\]/,
    );
  });

  it("a rejected added document changes nothing", async () => {
    const s = await open([MAPPING], docs("i", { good: { bytes: 1 } }));
    await expect(s.addDocuments(docs("i", { bad: { bytes: 2, small: 1000 } }))).rejects.toThrow(/bad/);
    const response = await s.search({ index: ["i"], query: { term: { bytes: 2 } } });
    expect(response.hits.hits).toEqual([]);
  });

  it("refuses the same _id twice in one index", async () => {
    await expect(open([], [...docs("d", { x: {} }), ...docs("d", { x: {} })])).rejects.toThrow(
      /document \[x\] appears twice in index \[d\]/,
    );
  });
});
