/** ip fields: 128-bit numbers; a term query takes an address or a CIDR block; keys render as addresses. */
import { formatIp, parseCidr, parseIp } from "../../../semantics/ip.js";
import { ValueError } from "../../../semantics/values.js";
import { docsWhere } from "../index/field-index.js";
import {
  between,
  compareBigints,
  type FamilyDocValues,
  type FamilyQueries,
  notAValue,
  queryText,
  size,
} from "./family.js";

function address(value: unknown): bigint {
  const text = queryText(value);
  const parsed = parseIp(text);
  if (parsed === undefined) throw new ValueError(`'${text}' is not an IP string literal.`);
  return parsed;
}

export const queries: FamilyQueries = {
  term(field, value) {
    const cidr = parseCidr(queryText(value));
    const n = size(field.shard);
    if (cidr) return docsWhere(n, field.index, (v) => (v as bigint) >= cidr.from && (v as bigint) <= cidr.to);
    const wanted = address(value);
    return docsWhere(n, field.index, (v) => v === wanted);
  },
  range(field, range) {
    const test = between(range, address, compareBigints);
    return docsWhere(size(field.shard), field.index, (v) => test(v as bigint));
  },
};

export const docValues: FamilyDocValues = {
  kind: "ip",
  bucketKey: (value) => ({ key: formatIp(value as bigint) }),
  compositeKey: (value) => formatIp(value as bigint),
  parseRequestValue(value) {
    const parsed = typeof value === "string" ? parseIp(value) : undefined;
    if (parsed === undefined) throw notAValue(value, "ip");
    return parsed;
  },
  sortValue: (value) => formatIp(value as bigint),
  missingSortValue: () => null,
};
