/**
 * Random KQL over the corpus fields: field:value (unquoted, quoted, wildcard, exists), value lists, ranges,
 * free text, and/or/not nesting. Values come from the same pools as documents plus near misses.
 */
import {
  CORPUS_FIELDS,
  DATES,
  EXTRA_QUERY_FIELDS,
  FLOATS,
  IPS,
  KEYWORDS,
  LONGS,
  sentence,
} from "./corpus.js";
import type { Random } from "./random.js";

const NEAR_MISSES = [
  "cmd",
  "exe",
  "power",
  "Brown fox",
  "brown",
  "getpassword",
  "10.0.0",
  "10.0.0.0/24",
  "4",
  "1.1",
];

/** KQL unquoted literal text: the specials and the keywords escaped. */
function escapeUnquoted(value: string): string {
  return value.replace(/[\\():<>"*{}]/g, "\\$&").replace(/\b(or|and|not)\b/gi, "\\$1");
}

/** An unquoted literal; an empty value can only be written quoted. */
function unquoted(value: string): string {
  return value.trim() === "" ? '""' : escapeUnquoted(value);
}

function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, "\\$&")}"`;
}

function anyValue(random: Random): string {
  const roll = random.next();
  if (roll < 0.3) return random.pick(KEYWORDS);
  if (roll < 0.45) return sentence(random);
  if (roll < 0.55) return random.pick(IPS);
  if (roll < 0.65) return String(random.pick(LONGS));
  if (roll < 0.72) return String(random.pick(FLOATS));
  if (roll < 0.82) return random.pick(DATES);
  if (roll < 0.87) return String(random.chance(0.5));
  return random.pick(NEAR_MISSES);
}

/** A wildcard pattern around a piece of a value: `cmd*`, `*exe`, `*owe*`, `10.0.*`. */
function wildcardOf(value: string, random: Random): string {
  const clean = value
    .replace(/[\\():<>"*{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (clean === "") return "*";
  const cut = random.int(1, Math.max(1, clean.length - 1));
  const piece = escapeUnquoted((random.chance(0.5) ? clean.slice(0, cut) : clean.slice(cut)).trim());
  if (piece === "") return "*";
  const shape = random.int(0, 2);
  return shape === 0 ? `${piece}*` : shape === 1 ? `*${piece}` : `*${piece}*`;
}

function fieldName(random: Random): string {
  const roll = random.next();
  if (roll < 0.8) return random.pick(CORPUS_FIELDS).name;
  if (roll < 0.95) return random.pick(EXTRA_QUERY_FIELDS);
  return random.pick(["process.*", "custom.*", "*.name", "event.*"]);
}

function valueForField(name: string, random: Random): string {
  const field = CORPUS_FIELDS.find((candidate) => candidate.name === name);
  if (!field || random.chance(0.08)) return anyValue(random);
  switch (field.kind) {
    case "ip":
      return random.chance(0.2) ? random.pick(["10.0.0.0/24", "10.0.0.0/8", "::/0"]) : random.pick(IPS);
    case "long":
      return String(random.pick(LONGS));
    case "float":
      return String(random.pick(FLOATS));
    case "date":
      return random.pick([...DATES, "2024-01-01", "now-1000y"]);
    case "boolean":
      return String(random.chance(0.5));
    case "text":
      return random.chance(0.6) ? sentence(random).split(" ").slice(0, 2).join(" ") : random.pick(KEYWORDS);
    default:
      return random.pick(KEYWORDS);
  }
}

function rangeClause(random: Random): string {
  const name = random.chance(0.9) ? random.pick(CORPUS_FIELDS).name : fieldName(random);
  const operator = random.pick([">", ">=", "<", "<="]);
  const value = valueForField(name, random);
  return `${name} ${operator} ${random.chance(0.5) ? quoted(value) : unquoted(value)}`;
}

function valueExpression(name: string, random: Random, depth: number): string {
  const value = valueForField(name, random);
  const roll = random.next();
  if (roll < 0.4) return unquoted(value);
  if (roll < 0.6) return quoted(value);
  if (roll < 0.8) return wildcardOf(value, random);
  if (roll < 0.87) return "*";
  if (depth > 1) return unquoted(value);
  const count = random.int(2, 3);
  const joiner = random.chance(0.7) ? " or " : " and ";
  const values = Array.from({ length: count }, () =>
    random.chance(0.8)
      ? unquoted(valueForField(name, random))
      : wildcardOf(valueForField(name, random), random),
  );
  return `(${values.join(joiner)})`;
}

function clause(random: Random, depth: number): string {
  const roll = random.next();
  if (roll < 0.65) {
    const name = fieldName(random);
    return `${name}: ${valueExpression(name, random, depth)}`;
  }
  if (roll < 0.82) return rangeClause(random);
  const value = anyValue(random);
  return random.chance(0.5) ? quoted(value) : unquoted(value);
}

/** One random KQL query. */
export function generateKql(random: Random, depth = 0): string {
  if (depth >= 3 || random.chance(depth === 0 ? 0.3 : 0.55)) {
    const text = clause(random, depth);
    return random.chance(0.15) ? `not ${text}` : text;
  }
  const count = random.int(2, 3);
  const joiner = random.chance(0.5) ? " and " : " or ";
  const parts = Array.from({ length: count }, () => generateKql(random, depth + 1));
  const joined = parts.map((part) => (/ (and|or) /.test(part) ? `(${part})` : part)).join(joiner);
  return random.chance(0.1) ? `not (${joined})` : joined;
}
