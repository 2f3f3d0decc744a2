/**
 * What each EQL function computes, with Elasticsearch's null handling (a null argument gives null unless
 * noted) and its case-insensitive `~` variants. Arguments arrive as scalars (the first value of a field).
 */
import type { EqlScalar } from "./store.js";
import { ipInAny } from "./values.js";

export interface FunctionArgument {
  value: EqlScalar | null;
  /** The argument is an integer (field of an integer type or integer literal): string() prints no fraction. */
  integer: boolean;
}

export type FunctionImpl = (args: FunctionArgument[], caseInsensitive: boolean) => EqlScalar | null;

/** Java's rendering of a number: integers without a fraction, doubles with at least one decimal. */
export function numberText(value: number, integer: boolean): string {
  if (integer || !Number.isInteger(value)) return String(value);
  return Math.abs(value) < 1e7 ? `${value}.0` : value.toExponential().replace("e+", "E");
}

export function scalarText(argument: FunctionArgument): string | null {
  const { value } = argument;
  if (value === null) return null;
  return typeof value === "number" ? numberText(value, argument.integer) : String(value);
}

const text = (argument: FunctionArgument | undefined): string | null =>
  argument === undefined ? null : scalarText(argument);

const num = (argument: FunctionArgument | undefined): number | null => {
  const value = argument?.value;
  if (value === null || value === undefined) return null;
  return typeof value === "number" ? value : Number(value);
};

const fold = (value: string, caseInsensitive: boolean) => (caseInsensitive ? value.toLowerCase() : value);

function arithmetic(op: (a: number, b: number, integer: boolean) => number | null): FunctionImpl {
  return ([a, b]) => {
    const left = num(a);
    const right = num(b);
    if (left === null || right === null) return null;
    return op(left, right, a.integer && b.integer);
  };
}

export function divideNumbers(a: number, b: number, integer: boolean): number | null {
  if (b === 0) return null;
  return integer ? Math.trunc(a / b) : a / b;
}

export function moduloNumbers(a: number, b: number): number | null {
  return b === 0 ? null : a % b;
}

export const FUNCTION_IMPLS: Record<string, FunctionImpl> = {
  add: arithmetic((a, b) => a + b),
  subtract: arithmetic((a, b) => a - b),
  multiply: arithmetic((a, b) => a * b),
  divide: arithmetic(divideNumbers),
  modulo: arithmetic(moduloNumbers),
  between([source, left, right, greedy], ci) {
    const s = text(source);
    const l = text(left);
    const r = text(right);
    if (s === null || l === null || r === null) return null;
    const haystack = fold(s, ci);
    const start = haystack.indexOf(fold(l, ci));
    if (start < 0) return "";
    const from = start + l.length;
    const rest = haystack.slice(from);
    const needle = fold(r, ci);
    const end = greedy?.value === true ? rest.lastIndexOf(needle) : rest.indexOf(needle);
    return end < 0 ? "" : s.slice(from, from + end);
  },
  cidrMatch([ip, ...blocks]) {
    const address = text(ip);
    if (address === null) return null;
    return ipInAny(
      address,
      blocks.map((block) => text(block) ?? ""),
    );
  },
  concat(args) {
    let out = "";
    for (const argument of args) {
      const part = text(argument);
      if (part === null) return null;
      out += part;
    }
    return out;
  },
  endsWith([s, suffix], ci) {
    const a = text(s);
    const b = text(suffix);
    return a === null || b === null ? null : fold(a, ci).endsWith(fold(b, ci));
  },
  startsWith([s, prefix], ci) {
    const a = text(s);
    const b = text(prefix);
    return a === null || b === null ? null : fold(a, ci).startsWith(fold(b, ci));
  },
  stringContains([s, sub], ci) {
    const a = text(s);
    const b = text(sub);
    return a === null || b === null ? null : fold(a, ci).includes(fold(b, ci));
  },
  indexOf([s, sub, start], ci) {
    const a = text(s);
    const b = text(sub);
    if (a === null || b === null) return null;
    const from = start === undefined ? 0 : (num(start) ?? 0);
    const found = fold(a, ci).indexOf(fold(b, ci), Math.max(0, from));
    return found < 0 ? null : found;
  },
  length([s]) {
    const a = text(s);
    return a === null ? null : a.length;
  },
  number([s, base]) {
    const a = text(s);
    if (a === null) return null;
    const radix = base === undefined ? 10 : num(base);
    if (radix === null) return null;
    const trimmed = a.trim();
    if (radix === 10) {
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return null;
      return Number(trimmed);
    }
    const digits = radix === 16 ? trimmed.replace(/^([+-]?)0[xX]/, "$1") : trimmed;
    const value = Number.parseInt(digits, radix);
    return Number.isNaN(value) || !/^[+-]?[0-9a-z]+$/i.test(digits) ? null : value;
  },
  string([value]) {
    return text(value);
  },
  substring([s, start, end]) {
    const a = text(s);
    if (a === null) return null;
    const length = a.length;
    const clamp = (index: number) => (index < 0 ? Math.max(0, length + index) : Math.min(index, length));
    const from = clamp(num(start) ?? 0);
    const to = end === undefined || end.value === null ? length : clamp(num(end) ?? length);
    return from >= to ? "" : a.slice(from, to);
  },
};
