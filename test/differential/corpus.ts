/**
 * Random ECS-like corpora: two indices (a logs-*-* data stream and a plain index, so both dynamic mapping
 * families are exercised) with the same explicit fields except one whose type differs, and documents drawn
 * from small value pools so that queries hit, miss and collide often.
 */
import type { FieldSpec, IndexMapping } from "../../src/catalog/types.js";
import type { StoredDocument } from "../../src/engine/types.js";
import type { Random } from "./random.js";

export const LOGS_INDEX = "logs-diff.alpha-default";
export const PLAIN_INDEX = "diff-beta";

type Kind = "keyword" | "text" | "ip" | "long" | "float" | "date" | "boolean";

/** A field documents may carry; `mapped` false means dynamic mapping decides its type. */
export interface CorpusField {
  name: string;
  kind: Kind;
  /** Per index: the explicit type, or undefined when unmapped there. */
  types: Record<string, string | undefined>;
}

const spec = (name: string, type: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type,
  source: "ecs",
  aggregatable: !["text", "match_only_text"].includes(type),
  ...extra,
});

function explicitFields(index: string): FieldSpec[] {
  return [
    spec("@timestamp", "date"),
    spec("event.created", "date"),
    spec("event.action", "keyword", { ignoreAbove: 1024 }),
    spec("event.category", "keyword", { ignoreAbove: 1024 }),
    spec("host.name", "keyword", { ignoreAbove: 12 }),
    spec("process.name", "keyword", { ignoreAbove: 1024 }),
    spec("process.name.text", "match_only_text", { parent: "process.name" }),
    spec("process.command_line", "wildcard"),
    spec("process.command_line.text", "match_only_text", { parent: "process.command_line" }),
    spec("message", "match_only_text"),
    spec("file.description", "text"),
    spec("file.description.keyword", "keyword", { parent: "file.description", ignoreAbove: 256 }),
    spec("source.ip", "ip"),
    spec("destination.port", "long"),
    spec("event.risk_score", "float"),
    spec("user.enabled", "boolean"),
    spec("data_stream.dataset", "constant_keyword", {
      value: index === LOGS_INDEX ? "diff.alpha" : "diff.beta",
    }),
    spec("labels", "object", { objectType: "keyword", aggregatable: false }),
    spec("service.code", index === LOGS_INDEX ? "long" : "keyword"),
  ];
}

export function corpusMappings(): IndexMapping[] {
  return [LOGS_INDEX, PLAIN_INDEX].map((index) => ({
    index,
    fields: new Map(explicitFields(index).map((field) => [field.name, field])),
    dynamic: true,
  }));
}

const both = (type: string | undefined) => ({ [LOGS_INDEX]: type, [PLAIN_INDEX]: type });

/** The fields documents carry (multi-fields and objects excluded: they get values through their parent). */
export const CORPUS_FIELDS: CorpusField[] = [
  { name: "@timestamp", kind: "date", types: both("date") },
  { name: "event.created", kind: "date", types: both("date") },
  { name: "event.action", kind: "keyword", types: both("keyword") },
  { name: "event.category", kind: "keyword", types: both("keyword") },
  { name: "host.name", kind: "keyword", types: both("keyword") },
  { name: "process.name", kind: "keyword", types: both("keyword") },
  { name: "process.command_line", kind: "keyword", types: both("wildcard") },
  { name: "message", kind: "text", types: both("match_only_text") },
  { name: "file.description", kind: "text", types: both("text") },
  { name: "source.ip", kind: "ip", types: both("ip") },
  { name: "destination.port", kind: "long", types: both("long") },
  { name: "event.risk_score", kind: "float", types: both("float") },
  { name: "user.enabled", kind: "boolean", types: both("boolean") },
  { name: "labels.env", kind: "keyword", types: both("keyword") },
  { name: "service.code", kind: "long", types: { [LOGS_INDEX]: "long", [PLAIN_INDEX]: "keyword" } },
  { name: "custom.note", kind: "text", types: both(undefined) },
  { name: "custom.count", kind: "long", types: both(undefined) },
  { name: "custom.ratio", kind: "float", types: both(undefined) },
  { name: "custom.seen", kind: "date", types: both(undefined) },
  { name: "custom.flag", kind: "boolean", types: both(undefined) },
  { name: "custom.ip", kind: "ip", types: both(undefined) },
];

/** Names queries may use besides the fields above: multi-fields, the constant, objects, absent fields. */
export const EXTRA_QUERY_FIELDS = [
  "process.name.text",
  "process.command_line.text",
  "file.description.keyword",
  "data_stream.dataset",
  "custom.note.keyword",
  "labels",
  "process",
  "nothing.here",
];

const WORDS = [
  "the",
  "quick",
  "Brown",
  "fox",
  "jumps",
  "lazy",
  "dog",
  "cmd.exe",
  "powershell",
  "Admin",
  "root",
  "GetPassword",
  "foo-bar",
  "foo_bar",
  "123",
  "2024",
  "über",
  "C:\\Temp\\x.ps1",
  "user@example.com",
];

export const KEYWORDS = [
  "cmd.exe",
  "CMD.EXE",
  "powershell.exe",
  "power shell",
  "svc-backup",
  "admin",
  "Admin",
  "root",
  "a*b",
  "x?y",
  "C:\\Windows\\System32\\cmd.exe",
  "/usr/bin/curl -s http://x",
  "GetPassword",
  "get password",
  "é-ü",
  "",
  "a hostname too long",
  "443",
  "10.0.0.1",
  "true",
];

export const IPS = [
  "10.0.0.1",
  "10.0.0.255",
  "10.1.2.3",
  "192.168.1.10",
  "::1",
  "2001:db8::1",
  "::ffff:10.0.0.1",
];
export const LONGS = [-1, 0, 1, 22, 80, 443, 3389, 65535, 2 ** 40];
export const FLOATS = [0, 0.5, 1.1, 1.25, -3.75, 100, 1e10];
export const DATES = [
  "2024-01-01T00:00:00Z",
  "2024-01-01T10:30:00.123Z",
  "2024-01-01T23:59:59.999Z",
  "2024-01-02",
  "2024-01-02T05:00:00+02:00",
  "2024-01-03T12:00:00Z",
  "2023-12-31T23:00:00Z",
];

export function sentence(random: Random): string {
  return Array.from({ length: random.int(1, 5) }, () => random.pick(WORDS)).join(" ");
}

/** One value of a field's kind, in the JSON forms fixtures use (numbers as strings, epoch millis, ...). */
export function fieldValue(field: CorpusField, random: Random): unknown {
  switch (field.kind) {
    case "keyword":
      return random.pick(KEYWORDS);
    case "text":
      return random.chance(0.1) ? random.pick(KEYWORDS) : sentence(random);
    case "ip":
      return random.pick(IPS);
    case "long": {
      const value = random.pick(LONGS);
      // Mapped numeric fields accept numeric strings; unmapped ones would be mapped by the first form seen.
      return field.types[LOGS_INDEX] !== undefined && random.chance(0.1) ? String(value) : value;
    }
    case "float":
      return random.pick(FLOATS) + (field.types[LOGS_INDEX] === undefined ? 0.5 : 0);
    case "date": {
      const date = random.pick(DATES);
      return field.types[LOGS_INDEX] !== undefined && random.chance(0.15) ? Date.parse(date) : date;
    }
    case "boolean": {
      // Mapped booleans also accept "true", "false" and "" (indexed as false).
      if (field.types[LOGS_INDEX] === undefined || random.chance(0.75)) return random.chance(0.5);
      return random.pick(["true", "false", ""]);
    }
  }
}

/** Puts `value` at dotted `name`, either as nested objects or as a dotted key (Elasticsearch accepts both). */
function setField(source: Record<string, unknown>, name: string, value: unknown, random: Random): void {
  const parts = name.split(".");
  if (parts.length === 1 || random.chance(0.3)) {
    source[name] = value;
    return;
  }
  let object = source;
  for (const part of parts.slice(0, -1)) {
    const existing = object[part];
    if (typeof existing !== "object" || existing === null || Array.isArray(existing)) object[part] = {};
    object = object[part] as Record<string, unknown>;
  }
  object[parts[parts.length - 1]] = value;
}

export function generateDocuments(random: Random, count: number, idPrefix = "d"): StoredDocument[] {
  return Array.from({ length: count }, (_, position) => {
    const index = random.chance(0.5) ? LOGS_INDEX : PLAIN_INDEX;
    const source: Record<string, unknown> = {};
    for (const field of CORPUS_FIELDS) {
      if (!random.chance(field.name === "@timestamp" ? 0.95 : 0.55)) continue;
      const roll = random.next();
      const value =
        roll < 0.15
          ? Array.from({ length: random.int(0, 3) }, () => fieldValue(field, random))
          : roll < 0.18
            ? null
            : fieldValue(field, random);
      setField(source, field.name, value, random);
    }
    if (random.chance(0.1)) source["data_stream.dataset"] = index === LOGS_INDEX ? "diff.alpha" : "diff.beta";
    return { _index: index, _id: `${idPrefix}${position}`, _source: source };
  });
}
