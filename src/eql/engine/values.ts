/**
 * EQL's runtime values and comparisons with Elasticsearch's semantics: strings compare by code point and
 * case-sensitively unless asked otherwise, `*`/`?` wildcards, Lucene regular expressions (whole-string), ip
 * and version values compared as such.
 */

import { parseCidr, parseIp } from "../../semantics/ip.js";
import { compareTerms } from "../../semantics/term-order.js";
import type { EqlScalar } from "./store.js";

/** A value during evaluation: null (missing), one scalar, or the values of a multi-valued field. */
export type EqlValue = EqlScalar | null | MultiValue;

export class MultiValue {
  constructor(readonly values: readonly EqlScalar[]) {}
}

/** The scalars of a value: none for null, each of a multi-value. */
export function scalarsOf(value: EqlValue): readonly EqlScalar[] {
  if (value === null) return [];
  return value instanceof MultiValue ? value.values : [value];
}

/** The value a field's values form. */
export function valueOfScalars(values: readonly EqlScalar[]): EqlValue {
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : new MultiValue(values);
}

/** The first scalar (what a script reads from a multi-valued field), or null. */
export function firstOf(value: EqlValue): EqlScalar | null {
  return value instanceof MultiValue ? (value.values[0] ?? null) : value;
}

/** How two scalars of one domain are ordered: strings, versions, ips, numbers, booleans. */
export type ScalarOrder = "string" | "version" | "ip" | "number" | "boolean";

export function compareScalars(a: EqlScalar, b: EqlScalar, order: ScalarOrder): number {
  switch (order) {
    case "string":
      return compareTerms(String(a), String(b));
    case "version":
      return compareVersions(String(a), String(b));
    case "ip": {
      const left = parseIp(String(a)) ?? 0n;
      const right = parseIp(String(b)) ?? 0n;
      return left < right ? -1 : left > right ? 1 : 0;
    }
    default: {
      const left = Number(a);
      const right = Number(b);
      return left < right ? -1 : left > right ? 1 : 0;
    }
  }
}

/** Semantic version order: numeric parts compared as numbers, a pre-release sorts before its release. */
function compareVersions(a: string, b: string): number {
  const [mainA, preA] = splitVersion(a);
  const [mainB, preB] = splitVersion(b);
  const length = Math.max(mainA.length, mainB.length);
  for (let i = 0; i < length; i++) {
    const diff = (mainA[i] ?? 0) - (mainB[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return compareTerms(preA, preB);
}

function splitVersion(version: string): [number[], string | undefined] {
  const dash = version.search(/[-+]/);
  const main = dash < 0 ? version : version.slice(0, dash);
  const pre = dash < 0 || version[dash] === "+" ? undefined : version.slice(dash + 1);
  return [main.split(".").map((part) => Number(part) || 0), pre];
}

/** An EQL wildcard pattern (`*` any run, `?` one character) as an anchored regular expression. */
export function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "*") source += "[\\s\\S]*";
    else if (ch === "?") source += "[\\s\\S]";
    else source += ch.replace(/[.+^${}()|[\]\\*?/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, caseInsensitive ? "iu" : "u");
}

/**
 * A Lucene regular expression as a JavaScript one matching the whole string. Lucene's syntax is mostly a
 * subset; `.` matches any character, and `\` escapes any character literally.
 */
export function luceneRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length) {
      source += escapeLiteral(pattern[++i]);
    } else if (ch === ".") source += "[\\s\\S]";
    else source += ch;
  }
  return new RegExp(`^(?:${source})$`, caseInsensitive ? "i" : "");
}

/** Lucene's `\c` is the character c itself, whatever it is. */
function escapeLiteral(ch: string): string {
  return /[A-Za-z0-9]/.test(ch) ? ch : `\\${ch}`;
}

/** Whether `ip` lies in any of the CIDR blocks (or equals a plain address). */
export function ipInAny(ip: string, blocks: readonly string[]): boolean {
  const address = parseIp(ip);
  if (address === undefined) return false;
  return blocks.some((block) => {
    const range = parseCidr(block);
    if (range) return address >= range.from && address <= range.to;
    return parseIp(block) === address;
  });
}
