import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";

const fixtures = join(import.meta.dirname, "fixtures");
const DATA = ["--data", "endpoint=endpoint.ndjson:endpoint.mapping.json", "--data", "tags=tags.json"];

/** The tags fixture names its category `event_type`. */
const TAGS = { event_category_field: "event_type" };

interface Hit {
  _id: string;
  missing?: boolean;
}

/** Runs `dac eql search --batch` over the fixtures; one parsed output line per request. */
async function search(...requests: { index: string; body: Record<string, unknown> }[]) {
  const stdin = requests.map((request) => JSON.stringify(request)).join("\n");
  const run = await runDac(["eql", "search", ...DATA, "--batch"], { cwd: fixtures, stdin });
  expect(run.code).toBe(0);
  return run.stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

/** The ids a single request returns: events, or the events of every sequence in order (`-` for missing). */
async function ids(index: string, query: string, body: Record<string, unknown> = {}): Promise<string[]> {
  const [line] = await search({ index, body: { query, ...body } });
  if (line.error) throw new Error(`${line.error.type}: ${line.error.reason}`);
  const hits = line.response.hits;
  const events: Hit[] =
    hits.events ?? hits.sequences.flatMap((sequence: { events: Hit[] }) => sequence.events);
  return events.map((event) => (event.missing ? "-" : event._id));
}

describe("event queries", () => {
  it("compares case-sensitively with == and insensitively with : and its wildcards", async () => {
    expect(await ids("endpoint", 'process where process.name == "winword.exe"')).toEqual([]);
    expect(await ids("endpoint", 'process where process.name : "winword.*"')).toEqual(["word"]);
    expect(await ids("endpoint", 'process where process.name like~ "POWER?HELL.EXE"')).toEqual([
      "word-child",
    ]);
    expect(await ids("endpoint", 'process where process.name in~ ("CMD.EXE")')).toEqual([
      "other-host",
      "end",
    ]);
  });

  it("treats a missing field as null: neither a condition nor its negation matches", async () => {
    expect(await ids("endpoint", "any where process.pid > 10")).toEqual(["word-child", "other-host", "end"]);
    expect(await ids("endpoint", "any where not process.pid > 10")).toEqual(["word"]);
    expect(await ids("endpoint", "any where process.pid == null")).toEqual(["conn", "late-conn"]);
  });

  it("matches any value of a multi-valued field and reads aliases through their target", async () => {
    expect(await ids("endpoint", 'process where process.args == "/q"')).toEqual(["word"]);
    expect(await ids("endpoint", "process where pid_alias == 11")).toEqual(["word-child"]);
  });

  it("evaluates functions with Elasticsearch's semantics", async () => {
    expect(await ids("endpoint", 'network where cidrMatch(destination.ip, "10.0.0.0/8")')).toEqual([
      "late-conn",
    ]);
    expect(
      await ids("endpoint", 'process where endsWith~(process.name, ".EXE") and length(process.name) == 7'),
    ).toEqual(["other-host", "end"]);
    expect(await ids("endpoint", "any where seq / 2 == 1")).toEqual(["word-child", "conn"]);
    expect(await ids("endpoint", 'any where concat(process.name, ":", seq) == "cmd.exe:5"')).toEqual([
      "other-host",
    ]);
    expect(await ids("endpoint", 'any where between(process.name, "power", ".exe") == "shell"')).toEqual([
      "word-child",
      "conn",
      "late-conn",
    ]);
  });

  it("keeps the last results by default and applies head, tail and size", async () => {
    expect(await ids("endpoint", "any where true | head 2")).toEqual(["word", "word-child"]);
    expect(await ids("endpoint", "any where true | tail 2")).toEqual(["end", "late-conn"]);
    expect(await ids("endpoint", "any where true", { size: 1 })).toEqual(["late-conn"]);
    expect(await ids("endpoint", "any where true", { size: 1, result_position: "head" })).toEqual(["word"]);
  });

  it("applies the request's DSL filter", async () => {
    const filter = { range: { "@timestamp": { gte: "2025-01-15T10:01:00Z" } } };
    expect(await ids("endpoint", "any where true", { filter })).toEqual(["other-host", "end", "late-conn"]);
  });
});

describe("sequences", () => {
  it("joins by key within maxspan, measured from the first event", async () => {
    const query = `sequence by host.id with maxspan=1m
      [process where process.name : "winword.exe"]
      [process where true] by process.parent.entity_id
      [network where true] by process.entity_id`;
    expect(await ids("endpoint", query)).toEqual([]);
    const keyed = `sequence by host.id with maxspan=1m
      [process where process.name : "winword.exe"] by process.entity_id
      [process where true] by process.parent.entity_id
      [network where true] by process.parent.entity_id`;
    expect(await ids("endpoint", keyed)).toEqual([]);
    const matched = `sequence by host.id with maxspan=1m
      [process where process.name : "winword.exe"]
      [network where true]`;
    expect(await ids("endpoint", matched)).toEqual(["word", "conn"]);
  });

  it("reports join keys and drops sequences an until event interrupts", async () => {
    const [line] = await search({
      index: "endpoint",
      body: { query: "sequence by host.id [process where true] [process where true]" },
    });
    expect(line.response.hits.sequences.map((s: { join_keys: string[] }) => s.join_keys)).toEqual([
      ["h1"],
      ["h2"],
    ]);
    const until =
      'sequence by process.entity_id [process where true] [network where true] until [process where event.type == "end"]';
    expect(await ids("endpoint", until)).toEqual(["word-child", "conn"]);
  });

  it("repeats a term with runs and marks missing events", async () => {
    // A newer partial match replaces the older one in its state: (other-host, end) replaces (word-child, other-host).
    expect(await ids("endpoint", "sequence [process where true] with runs=2 [network where true]")).toEqual([
      "word",
      "word-child",
      "conn",
      "other-host",
      "end",
      "late-conn",
    ]);
    const missing =
      'sequence by host.id with maxspan=10m [process where true] ![process where event.type == "end"]';
    // other-host is followed by its end event within maxspan; the others are not.
    expect(await ids("endpoint", missing)).toEqual(["word", "-", "word-child", "-", "end", "-"]);
  });

  it("joins on every value of a multi-valued key and only on present keys unless optional", async () => {
    expect(await ids("tags", "sequence by tags [login where true] [file where true]", TAGS)).toEqual([
      "1",
      "3",
      "1",
      "5",
    ]);
    expect(await ids("tags", "sequence by user [login where true] [file where true]", TAGS)).toEqual([
      "1",
      "3",
      "2",
      "5",
    ]);
    expect(await ids("tags", "sequence by user [any where id == 3] [any where id == 4]", TAGS)).toEqual([]);
    expect(await ids("tags", "sequence by ?user [any where id == 4] [any where true]", TAGS)).toEqual([]);
    expect(await ids("tags", "sequence by ?user [any where id == 2] [any where id == 4]", TAGS)).toEqual([]);
    expect(
      await ids("tags", "sequence [any where id == 4] by ?user [any where true] by ?tags", TAGS),
    ).toEqual([]);
  });
});

describe("samples", () => {
  it("takes one event per term sharing the key, keys in ascending order", async () => {
    expect(await ids("tags", "sample by user [login where true] [file where true]", TAGS)).toEqual([
      "1",
      "3",
      "2",
      "5",
    ]);
    expect(
      await ids("tags", "sample by user [login where true] [file where true]", { ...TAGS, size: 1 }),
    ).toEqual(["1", "3"]);
    expect(await ids("tags", "sample by ?user [file where true] [login where true]", TAGS)).toEqual([
      "3",
      "1",
      "5",
      "2",
    ]);
  });
});

describe("errors, as Elasticsearch types them", () => {
  it("answers every line, in order, with a response or an error", async () => {
    const lines = await search(
      { index: "endpoint", body: { query: "process where" } },
      { index: "endpoint", body: { query: "process where no.such.field == 1" } },
      { index: "endpoint", body: { query: "process where ?no.such.field == null" } },
      { index: "missing", body: { query: "any where true" } },
      { index: "endpoint", body: { query: "any where true", bogus: 1 } },
    );
    expect(lines.map((line) => line.error?.type ?? "ok")).toEqual([
      "parsing_exception",
      "verification_exception",
      "ok",
      "index_not_found_exception",
      "x_content_parse_exception",
    ]);
    expect(lines[1].error.reason).toBe("line 1:15: Unknown column [no.such.field]");
  });

  it("prints a single search's response, or the error with exit 1", async () => {
    const ok = await runDac(
      ["eql", "search", ...DATA, "--index", "endpoint", "network where destination.port == 80"],
      {
        cwd: fixtures,
      },
    );
    expect(JSON.parse(ok.stdout).hits.events.map((event: Hit) => event._id)).toEqual(["late-conn"]);
    const bad = await runDac(["eql", "search", ...DATA, "--index", "endpoint", "network where"], {
      cwd: fixtures,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("parsing_exception");
  });
});
