/**
 * The content hash detection-rules records in version.lock.json (`sha256`): the rule as the Kibana API
 * receives it — whitespace normalised, [transform] plugins rendered into the note, new_terms in API shape,
 * required_fields computed, related_integrations left out, no version — written as Python's sorted-key JSON,
 * base64-encoded, then SHA-256. Rules with a query (per their type's module) get required_fields. Computing it the same way is what lets an existing lock verify unchanged.
 */

import { createHash } from "node:crypto";
import { ruleTypeModule } from "../rule-types/registry.js";
import { tomlRuleToApi } from "../schema/convert.js";
import type { ParsedQueries } from "../validate/parsed-queries.js";
import { isRecord } from "../validate/values.js";
import { pythonJson, type TextRewrite } from "./python-json.js";
import { splitSetupFromNote } from "./setup-section.js";

type Table = Record<string, unknown>;

export interface RequiredField {
  name: string;
  type: string;
  ecs: boolean;
}

export interface HashRequiredFields {
  fields: RequiredField[];
  /** Why some of their types may differ from the ones detection-rules hashed with, when they may. */
  uncertain?: string;
}

/**
 * detection-rules' required_fields for a rule (API shape): undefined when dac cannot compute them for the
 * rule's query language, in which case the hash cannot be computed either. `parsed`: the rule's queries as
 * validation already parsed them, so the query is not parsed a second time.
 */
export type RequiredFieldsOf = (
  api: Table,
  metadata: Table,
  parsed?: ParsedQueries,
) => HashRequiredFields | undefined;

/** A rule as hashed; `queries` (optional) are its queries already parsed. */
export interface HashedRule {
  rule: Table;
  metadata?: Table;
  transform?: Table;
  queries?: ParsedQueries;
}

/** `json`: the exact text hashed (Python's JSON of the normalised payload). */
export type ContentHash = { sha256: string; json: string; uncertain?: string } | { unsupported: string };

/** Keys whose text keeps its line breaks (Markdown and action messages); every other string is collapsed. */
const PRESERVED_TEXT_KEYS = new Set(["note", "setup", "message"]);

export function ruleContentHash(document: HashedRule, requiredFieldsOf: RequiredFieldsOf): ContentHash {
  const payload = hashablePayload(document, requiredFieldsOf);
  if ("unsupported" in payload) return payload;
  const json = pythonJson(payload.payload, undefined, NESTED_NORMALIZE);
  return {
    sha256: base64Sha256(json),
    json,
    ...(payload.uncertain === undefined ? {} : { uncertain: payload.uncertain }),
  };
}

/** sha256 over the base64 of Python's `json.dumps(obj, sort_keys=True)`, as detection-rules' dict_hash. */
export function dictHash(value: unknown): string {
  return base64Sha256(pythonJson(value));
}

/** The text is ASCII (Python's ensure_ascii), so latin1 gives its UTF-8 bytes without a UTF-8 encoder. */
function base64Sha256(json: string): string {
  return createHash("sha256").update(Buffer.from(json, "latin1").toString("base64"), "latin1").digest("hex");
}

/** detection-rules' nested_normalize, applied while writing: queries untouched, Markdown kept, other text on one line. */
const NESTED_NORMALIZE: TextRewrite = {
  rewrite: (text, key) =>
    key !== undefined && PRESERVED_TEXT_KEYS.has(key) ? text : collapseWhitespace(text),
  verbatim: new Set(["query"]),
};

function hashablePayload(
  document: HashedRule,
  requiredFieldsOf: RequiredFieldsOf,
): { payload: Table; uncertain?: string } | { unsupported: string } {
  const api: Table = { ...document.rule };
  if (document.transform && typeof api.note === "string" && api.note !== "") {
    api.note = substitute(api.note, renderedPlugins(document.transform));
  }
  delete api.threat_mappings;
  delete api.related_integrations;
  delete api.version;
  if (Array.isArray(api.threat)) {
    api.threat = api.threat.map((entry) =>
      isRecord(entry) && entry.technique === undefined ? { ...entry, technique: [] } : entry,
    );
  }
  if (api.setup === undefined && typeof api.note === "string") {
    const split = splitSetupFromNote(api.note);
    if (split) Object.assign(api, split);
  }
  const hasQuery = (ruleTypeModule(api.type)?.queries(api).length ?? 0) > 0;
  let uncertain: string | undefined;
  if (api.required_fields === undefined && hasQuery && api.language !== "lucene") {
    const required = requiredFieldsOf(api, document.metadata ?? {}, document.queries);
    if (required === undefined) return { unsupported: `required_fields of ${String(api.language)} queries` };
    if (required.fields.length > 0) api.required_fields = required.fields;
    uncertain = required.uncertain;
  }
  return { payload: tomlRuleToApi(api), ...(uncertain === undefined ? {} : { uncertain }) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the line boundaries of Python's str.splitlines
const LINE_BREAK = /[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

/** Python's `" ".join(line.strip() for line in text.strip().splitlines())`. */
function collapseWhitespace(text: string): string {
  if (!LINE_BREAK.test(text)) return text.trim();
  return (
    text
      .trim()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the line boundaries of Python's str.splitlines
      .split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/)
      .map((line) => line.trim())
      .join(" ")
  );
}

/** `[transform]` entries as the note's `$osquery_0`, `$investigate_1`... placeholders render them. */
function renderedPlugins(transform: Table): Map<string, string> {
  const rendered = new Map<string, string>();
  for (const plugin of ["osquery", "investigate"]) {
    const entries = transform[plugin];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      rendered.set(`${plugin}_${index}`, `!{${plugin}${compactPythonJson(entry)}}`);
    });
  }
  return rendered;
}

/** `json.dumps(obj, sort_keys=True, separators=(",", ":"))`. */
function compactPythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compactPythonJson).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${pythonJson(key)}:${compactPythonJson(value[key])}`).join(",")}}`;
  }
  return pythonJson(value);
}

/** Python's `string.Template.safe_substitute`: `$$` → `$`, known `$name` / `${name}` replaced, others kept. */
function substitute(template: string, values: ReadonlyMap<string, string>): string {
  return template.replace(
    /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})/gi,
    (match, escaped: string | undefined, named: string | undefined, braced: string | undefined) => {
      if (escaped) return "$";
      return values.get((named ?? braced) as string) ?? match;
    },
  );
}
