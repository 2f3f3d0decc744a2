/**
 * The shapes of the Kibana responses dac acts on. A server that answers 200 with something else (a proxy's
 * page, `{}`, `[]`, `null` entries) must never be taken for an empty space or a successful write, so every
 * response is checked before anything is planned or written. Each check returns what is wrong, or undefined.
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** A rule as Kibana returns it: an object with a string `id` and `rule_id`. */
export function checkRule(value: unknown, where = "the rule"): string | undefined {
  if (!isObject(value)) return `${describe(value)} where ${where} should be`;
  if (typeof value.id !== "string" || typeof value.rule_id !== "string") {
    return `${where} without a string "id" and "rule_id"`;
  }
  return undefined;
}

/** One `_find` page: `{page, perPage, total, data: [rule…]}`. */
export function checkFindPage(value: unknown): string | undefined {
  if (!isObject(value)) return `${describe(value)} instead of a page of rules`;
  if (!Array.isArray(value.data)) return 'a page without a "data" array';
  if (typeof value.total !== "number" || typeof value.page !== "number") {
    return 'a page without numeric "total" and "page"';
  }
  for (const [index, rule] of value.data.entries()) {
    const problem = checkRule(rule, `data[${index}]`);
    if (problem) return problem;
  }
  return undefined;
}

/** `_import`: `{success, success_count, errors: [{rule_id?, error: {status_code, message}}…]}`. */
export function checkImportResponse(value: unknown): string | undefined {
  if (!isObject(value)) return `${describe(value)} instead of an import result`;
  if (typeof value.success !== "boolean" || typeof value.success_count !== "number") {
    return 'an import result without boolean "success" and numeric "success_count"';
  }
  if (!Array.isArray(value.errors)) return 'an import result without an "errors" array';
  for (const [index, error] of value.errors.entries()) {
    if (!isObject(error) || !isObject(error.error) || typeof error.error.message !== "string") {
      return `errors[${index}] without an error message`;
    }
  }
  return undefined;
}

/** `_bulk_action` delete: `{attributes: {results: {deleted: [rule…]}, errors?: [...]}}`. */
export function checkBulkDeleteResponse(value: unknown): string | undefined {
  if (!isObject(value) || !isObject(value.attributes)) return 'a bulk result without "attributes"';
  const { results, errors } = value.attributes;
  if (!isObject(results) || !Array.isArray(results.deleted)) {
    return 'a bulk result without an "attributes.results.deleted" array';
  }
  if (errors !== undefined) {
    if (!Array.isArray(errors)) return 'a bulk result whose "attributes.errors" is not an array';
    for (const [index, error] of errors.entries()) {
      if (!isObject(error) || typeof error.message !== "string" || !Array.isArray(error.rules)) {
        return `attributes.errors[${index}] without a message and rules`;
      }
    }
  }
  return undefined;
}
