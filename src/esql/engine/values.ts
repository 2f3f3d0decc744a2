/**
 * ES|QL values as the engine holds them. A cell is null, one value, or a multi-value (an array of two or more).
 * Strings (keyword, text, ip, version) are JavaScript strings; numbers and dates (epoch milliseconds) are numbers.
 */

import { formatDate } from "../../semantics/dates.js";
import { parseIp } from "../../semantics/ip.js";
import type { DataType } from "../data-types.js";

export { DATE_TYPES, type DataType, NUMERIC_TYPES, STRING_TYPES, widerNumeric } from "../data-types.js";

/** A calendar span (`date_period`) or a fixed one (`time_duration`). */
export interface Span {
  months: number;
  days: number;
  millis: number;
}

export type Scalar = string | number | boolean | Span;
export type Cell = Scalar | Scalar[] | null;

export interface Column {
  name: string;
  type: DataType;
}

export interface Table {
  columns: Column[];
  rows: Cell[][];
}

export function isSpan(value: unknown): value is Span {
  return typeof value === "object" && value !== null && "months" in value;
}

/** The values of a cell as a list (empty for null). */
export function valuesOf(cell: Cell): Scalar[] {
  if (cell === null) return [];
  return Array.isArray(cell) ? cell : [cell];
}

/** A cell from a list of values: null when empty, the value alone when single. */
export function cellOf(values: readonly Scalar[]): Cell {
  if (values.length === 0) return null;
  return values.length === 1 ? values[0] : [...values];
}

/** Orders two values of one type as ES|QL sorts them (strings by code point, ips by address, versions by part). */
export function compareScalars(a: Scalar, b: Scalar, type: DataType): number {
  if (type === "ip") return compareIps(String(a), String(b));
  if (type === "version") return compareVersions(String(a), String(b));
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareIps(a: string, b: string): number {
  const x = parseIp(a) ?? 0n;
  const y = parseIp(b) ?? 0n;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareVersions(a: string, b: string): number {
  const x = a.split(/[.-]/);
  const y = b.split(/[.-]/);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const numeric = /^\d+$/.test(p) && /^\d+$/.test(q);
    const order = numeric ? Number(p) - Number(q) : p < q ? -1 : p > q ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

/** A value as Elasticsearch writes it in a `_query` response. */
export function toJson(cell: Cell, type: DataType): unknown {
  if (cell === null) return null;
  if (Array.isArray(cell)) return cell.map((value) => scalarToJson(value, type));
  return scalarToJson(cell, type);
}

function scalarToJson(value: Scalar, type: DataType): unknown {
  if (isSpan(value)) return spanText(value);
  if ((type === "date" || type === "date_nanos") && typeof value === "number") return formatEsqlDate(value);
  return value;
}

/** ISO 8601 in UTC with milliseconds; years before 0 or after 9999 as Java prints them (`-0001`, `+10000`). */
function formatEsqlDate(millis: number): string {
  const text = formatDate(millis);
  const extended = /^([+-])0*(\d{4,})(-.*)$/.exec(text);
  if (!extended) return text;
  return `${extended[1]}${extended[2]}${extended[3]}`;
}

export function spanText(span: Span): string {
  if (span.months) return span.months % 12 === 0 ? `P${span.months / 12}Y` : `P${span.months}M`;
  if (span.days) return `P${span.days}D`;
  return `PT${span.millis / 1000}S`;
}
