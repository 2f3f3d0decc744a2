import type { FieldSpec } from "../../catalog/types.js";
import type { FindingSeverity } from "../../findings/finding.js";
import { isLoneWildcard, plainValue, WILDCARD_MARKER } from "../../kql/ast.js";
import { isDateType, isIntegerType, isNumericType, isTextFamily } from "../../semantics/field-types.js";
import type { FieldCode } from "./codes.js";
import type { QueryFieldUse } from "./references.js";

export interface ValueProblem {
  code: FieldCode;
  severity: FindingSeverity;
  message: string;
  hint?: string;
}

/**
 * Problems with the value of one clause given the field's type, following how Elasticsearch evaluates what
 * Kibana's detection engine sends (match / match_phrase / query_string / range on the real mapping).
 */
export function valueProblems(use: QueryFieldUse, spec: FieldSpec): ValueProblem[] {
  const value = use.value;
  if (isLoneWildcard(value)) return [];
  if (value.type === "wildcard") return wildcardProblems(use, spec, value.value);
  const text = plainValue(value);
  const problems: ValueProblem[] = [];
  // On text fields the analyzer drops the *, so a quoted "*x*" still finds the token x; elsewhere it is literal.
  if (value.isQuoted && typeof text === "string" && text.includes("*") && isStringLike(spec)) {
    problems.push({
      code: "kql-quoted-wildcard",
      severity: "warning",
      message: `"${text}" is quoted, so its * is a literal character, not a wildcard`,
      hint: "remove the quotes (escape spaces and special characters) to make * a wildcard",
    });
  }
  if (text === null) return problems;
  const problem = typedValueProblem(use, spec, text);
  if (problem) problems.push(problem);
  return problems;
}

function isStringLike(spec: FieldSpec): boolean {
  return (
    spec.type === "keyword" ||
    spec.type === "wildcard" ||
    spec.type === "constant_keyword" ||
    spec.type === "flattened"
  );
}

function typedValueProblem(
  use: QueryFieldUse,
  spec: FieldSpec,
  value: string | boolean,
): ValueProblem | undefined {
  const text = String(value);
  const field = use.field;
  if (spec.type === "ip" && !isIpOrCidr(text)) {
    return typeError(
      field,
      spec,
      text,
      use.kind === "range" ? "an IP address" : "an IP address or CIDR block",
    );
  }
  if (isNumericType(spec.type)) {
    if (!NUMBER.test(text.trim())) return typeError(field, spec, text, "a number");
    if (use.kind === "is" && isIntegerType(spec.type) && !Number.isInteger(Number(text))) {
      return {
        code: "kql-value-type",
        severity: "warning",
        message: `${field} is ${spec.type}: the fractional value ${text} matches no document`,
      };
    }
  }
  if (isDateType(spec.type) && spec.format === undefined && !isDateValue(text)) {
    return typeError(field, spec, text, "a date (ISO 8601, epoch milliseconds or date math)");
  }
  if (spec.type === "boolean" && text !== "true" && text !== "false") {
    return typeError(field, spec, text, "true or false");
  }
  return undefined;
}

function typeError(field: string, spec: FieldSpec, text: string, expected: string): ValueProblem {
  return {
    code: "kql-value-type",
    severity: "error",
    message: `${field} is ${spec.type}: "${text}" is not ${expected}; Elasticsearch rejects the query`,
  };
}

function wildcardProblems(use: QueryFieldUse, spec: FieldSpec, marked: string): ValueProblem[] {
  const pattern = marked.split(WILDCARD_MARKER).join("*");
  const field = use.field;
  if (spec.type === "ip" || isNumericType(spec.type) || isDateType(spec.type) || spec.type === "boolean") {
    return [
      {
        code: "kql-wildcard-type",
        severity: "error",
        message: `${field} is ${spec.type}: wildcards are not supported on this type; Elasticsearch rejects ${field}:${pattern}`,
        ...(spec.type === "ip" ? { hint: "use a CIDR block such as 10.0.0.0/8" } : {}),
      },
    ];
  }
  const problems: ValueProblem[] = [];
  if (use.kind === "range") return problems;
  if (/\s/.test(pattern)) {
    problems.push({
      code: "kql-wildcard-whitespace",
      severity: "warning",
      message: `${field}:${pattern} is sent as query_string, which splits at whitespace: it matches any one of the parts, not the whole pattern`,
      hint: "KQL cannot escape the space; split the pattern into clauses joined with and (field:*a* and field:*b*)",
    });
  }
  if (isTextFamily(spec.type)) {
    problems.push({
      code: "kql-wildcard-text",
      severity: "warning",
      message: `${field} is ${spec.type}: the wildcard is matched against single analysed (lowercased) tokens, not the whole value`,
      ...(spec.parent ? { hint: `query ${spec.parent} to match the whole value` } : {}),
    });
  } else if (spec.type === "keyword" && marked.startsWith(WILDCARD_MARKER)) {
    problems.push({
      code: "kql-leading-wildcard",
      severity: "info",
      message: `${field}:${pattern} starts with a wildcard; on a keyword field this scans every term and is slow`,
      hint: "prefer a field of type wildcard, or anchor the start of the pattern",
    });
  }
  return problems;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function isIpOrCidr(text: string): boolean {
  const [address, prefix, extra] = text.split("/");
  if (extra !== undefined) return false;
  const v4 = isIPv4(address);
  const v6 = !v4 && isIPv6(address);
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (v4 ? 32 : 128);
}

function isIPv4(text: string): boolean {
  const parts = text.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv6(text: string): boolean {
  const zoneless = text.replace(/%[\w.]+$/, "");
  if (!/^[0-9a-fA-F:.]+$/.test(zoneless) || (zoneless.match(/::/g)?.length ?? 0) > 1) return false;
  let groups = zoneless.split(":");
  const last = groups.at(-1) ?? "";
  let count = 0;
  if (last.includes(".")) {
    if (!isIPv4(last)) return false;
    groups = groups.slice(0, -1);
    count += 2;
  }
  for (const group of groups) {
    if (group === "") continue;
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return false;
    count++;
  }
  return zoneless.includes("::") ? count < 8 : count === 8;
}

const ISO_DATE =
  /^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const DATE_MATH_TAIL = /^(?:[+-]\d+[yMwdhHms]|\/[yMwdhHms])*$/;

/** Whether Elasticsearch's default date format (strict_date_optional_time||epoch_millis) accepts the text. */
export function isDateValue(text: string): boolean {
  if (/^-?\d+$/.test(text)) return true;
  if (text.startsWith("now")) return DATE_MATH_TAIL.test(text.slice(3));
  const [anchor, math, extra] = text.split("||");
  if (extra !== undefined) return false;
  return ISO_DATE.test(anchor) && (math === undefined || DATE_MATH_TAIL.test(math));
}
