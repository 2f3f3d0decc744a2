/**
 * The pattern languages of ES|QL as JavaScript regular expressions: LIKE wildcards, RLIKE's Lucene regular
 * expressions, Java regular expressions (REPLACE, GROK), and the DISSECT and GROK commands built on them.
 */

import { wildcardRegExp } from "../../semantics/wildcards.js";
import type { SourceSpan } from "../ast.js";
import { verificationError } from "./errors.js";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** LIKE: Lucene's wildcard syntax (`*` any run, `?` one character, `\` escapes); the whole value must match. */
export function likeRegExp(pattern: string): RegExp {
  return wildcardRegExp(pattern, false);
}

/** RLIKE: Lucene's regular expression syntax, anchored at both ends; `"..."` quotes a literal run. */
export function rlikeRegExp(pattern: string, query: string, node: SourceSpan): RegExp {
  let source = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length) {
      const next = pattern[++i];
      source += /[dDsSwW]/.test(next) ? `\\${next}` : escapeRegExp(next);
    } else if (inClass) {
      if (ch === "]") inClass = false;
      source += ch === "[" ? "\\[" : ch;
    } else if (ch === "[") {
      inClass = true;
      source += ch;
    } else if (ch === ".") {
      source += "[^]";
    } else if (ch === '"') {
      const close = pattern.indexOf('"', i + 1);
      const literal = close < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, close);
      source += escapeRegExp(literal);
      i = close < 0 ? pattern.length : close;
    } else if (ch === "@") {
      source += "[^]*";
    } else if (ch === "#" || ch === "&" || ch === "~" || ch === "<" || ch === ">") {
      source += escapeRegExp(ch);
    } else {
      source += ch;
    }
  }
  try {
    return new RegExp(`^(?:${source})$`, "u");
  } catch (error) {
    throw verificationError(
      query,
      node,
      `Invalid regex pattern for RLIKE [${pattern}]: [${(error as Error).message}]`,
    );
  }
}

/** Names used for capture groups inside a translated regex; Java allows dots, JavaScript does not. */
export interface JavaRegExp {
  regex: RegExp;
  /** Group names as written, in the order of the `g0`, `g1`... groups of `regex`. */
  groups: string[];
}

/**
 * A Java (or Oniguruma) regular expression as a JavaScript one: leading `(?flags)`, possessive quantifiers, atomic
 * groups and `\A`/`\z` are rewritten; named groups become `g0`, `g1`... with their names kept aside.
 */
export function javaPattern(pattern: string, flags = ""): JavaRegExp {
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  let allFlags = flags;
  if (inline) {
    source = source.slice(inline[0].length);
    for (const flag of inline[1]) if (flag !== "x" && !allFlags.includes(flag)) allFlags += flag;
  }
  const groups: string[] = [];
  source = source
    .replace(/\(\?<([A-Za-z_@][\w.@-]*)>/g, (_, name: string) => `(?<g${groups.push(name) - 1}>`)
    .replace(/\(\?>/g, "(?:")
    .replace(/([*+?}])\+/g, "$1")
    .replace(/\\A/g, "^")
    .replace(/\\[zZ]/g, "$");
  return { regex: new RegExp(source, allFlags), groups };
}

export function javaRegExp(pattern: string, flags = ""): RegExp {
  return javaPattern(pattern, flags).regex;
}

// ---- DISSECT ----

interface DissectKey {
  name: string;
  /** `+name`: appended to the same key. */
  append: boolean;
  /** `+name/2`: the place of this part among the appended parts. */
  order: number;
  /** `?name` or empty: matched and dropped. */
  skip: boolean;
  /** `->`: the delimiter after it may repeat. */
  padded: boolean;
}

export interface DissectPattern {
  /** Text before the first key, then after each key. */
  delimiters: string[];
  keys: DissectKey[];
  /** The output columns, in pattern order. */
  names: string[];
}

export function parseDissect(pattern: string): DissectPattern {
  const delimiters: string[] = [];
  const keys: DissectKey[] = [];
  const re = /%\{([^}]*)\}/g;
  let last = 0;
  for (let match = re.exec(pattern); match; match = re.exec(pattern)) {
    delimiters.push(pattern.slice(last, match.index));
    last = match.index + match[0].length;
    let spec = match[1];
    const padded = spec.endsWith("->");
    if (padded) spec = spec.slice(0, -2);
    const modifier = spec[0];
    const append = modifier === "+";
    const skip = spec === "" || modifier === "?";
    const order = append ? Number(/\/(\d+)$/.exec(spec)?.[1] ?? 0) : 0;
    const name = /^[+?*&]/.test(spec) ? spec.slice(1).replace(/\/\d+$/, "") : spec;
    keys.push({ name, append, order, skip, padded });
  }
  delimiters.push(pattern.slice(last));
  const names: string[] = [];
  for (const key of keys) if (!key.skip && !names.includes(key.name)) names.push(key.name);
  return { delimiters, keys, names };
}

/** Splits `text` by the pattern's delimiters; undefined when it does not match. */
export function applyDissect(
  pattern: DissectPattern,
  text: string,
  separator: string,
): Map<string, string> | undefined {
  const { delimiters, keys } = pattern;
  if (!text.startsWith(delimiters[0])) return undefined;
  let position = delimiters[0].length;
  const parts = new Map<string, { order: number; value: string }[]>();
  for (let i = 0; i < keys.length; i++) {
    const delimiter = delimiters[i + 1];
    let end: number;
    if (i === keys.length - 1 && delimiter === "") end = text.length;
    else {
      end = delimiter === "" ? position : text.indexOf(delimiter, position);
      if (end < 0) return undefined;
    }
    const value = text.slice(position, end);
    position = end + delimiter.length;
    if (keys[i].padded)
      while (delimiter !== "" && text.startsWith(delimiter, position)) position += delimiter.length;
    const key = keys[i];
    if (key.skip) continue;
    const previous = key.append ? (parts.get(key.name) ?? []) : [];
    parts.set(key.name, [...previous, { order: key.order, value }]);
  }
  if (position < text.length && delimiters[delimiters.length - 1] !== "") return undefined;
  const out = new Map<string, string>();
  for (const [name, values] of parts) {
    const ordered = [...values].sort((a, b) => a.order - b.order);
    out.set(name, ordered.map((part) => part.value).join(separator));
  }
  return out;
}

// ---- GROK ----

/** Elasticsearch's grok pattern library: the patterns used by detection rules and its documentation. */
const GROK_LIBRARY: Record<string, string> = {
  USERNAME: "[a-zA-Z0-9._-]+",
  USER: "%{USERNAME}",
  EMAILLOCALPART: "[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,64}(?:\\.[a-zA-Z0-9!#$%&'*+\\-/=?^_`{|}~]{1,62}){0,63}",
  EMAILADDRESS: "%{EMAILLOCALPART}@%{HOSTNAME}",
  INT: "(?:[+-]?(?:[0-9]+))",
  BASE10NUM: "(?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))",
  NUMBER: "(?:%{BASE10NUM})",
  BASE16NUM: "(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))",
  POSINT: "\\b(?:[1-9][0-9]*)\\b",
  NONNEGINT: "\\b(?:[0-9]+)\\b",
  WORD: "\\b\\w+\\b",
  NOTSPACE: "\\S+",
  SPACE: "\\s*",
  DATA: ".*?",
  GREEDYDATA: ".*",
  QUOTEDSTRING:
    "(?>(?<!\\\\)(?>\"(?>\\\\.|[^\\\\\"]+)+\"|\"\"|(?>'(?>\\\\.|[^\\\\']+)+')|''|(?>`(?>\\\\.|[^\\\\`]+)+`)|``))",
  UUID: "[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}",
  MAC: "(?:(?:[A-Fa-f0-9]{2}[:-]){5}[A-Fa-f0-9]{2}|(?:[A-Fa-f0-9]{4}\\.){2}[A-Fa-f0-9]{4})",
  IPV6: "(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,7}:|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,5}(?::[0-9A-Fa-f]{1,4}){1,2}|(?:[0-9A-Fa-f]{1,4}:){1,4}(?::[0-9A-Fa-f]{1,4}){1,3}|(?:[0-9A-Fa-f]{1,4}:){1,3}(?::[0-9A-Fa-f]{1,4}){1,4}|(?:[0-9A-Fa-f]{1,4}:){1,2}(?::[0-9A-Fa-f]{1,4}){1,5}|[0-9A-Fa-f]{1,4}:(?::[0-9A-Fa-f]{1,4}){1,6}|:(?:(?::[0-9A-Fa-f]{1,4}){1,7}|:))",
  IPV4: "(?<![0-9])(?:(?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]))(?![0-9])",
  IP: "(?:%{IPV6}|%{IPV4})",
  HOSTNAME: "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)",
  IPORHOST: "(?:%{IP}|%{HOSTNAME})",
  HOSTPORT: "%{IPORHOST}:%{POSINT}",
  PATH: "(?:%{UNIXPATH}|%{WINPATH})",
  UNIXPATH: "(?:/[\\w_%!$@:.,+~-]*)+",
  WINPATH: "(?:[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+",
  URIPROTO: "[A-Za-z](?:[A-Za-z0-9+\\-.]+)+",
  URIHOST: "%{IPORHOST}(?::%{POSINT})?",
  URIPATH: "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\\-]*)+",
  URIQUERY: "[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]<>]*",
  URIPARAM: "\\?%{URIQUERY}",
  URIPATHPARAM: "%{URIPATH}(?:\\?%{URIQUERY})?",
  URI: "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATH}(?:\\?%{URIQUERY})?)?",
  MONTH:
    "\\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\\b",
  MONTHNUM: "(?:0?[1-9]|1[0-2])",
  MONTHDAY: "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])",
  DAY: "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)",
  YEAR: "(?>\\d\\d){1,2}",
  HOUR: "(?:2[0123]|[01]?[0-9])",
  MINUTE: "(?:[0-5][0-9])",
  SECOND: "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)",
  TIME: "(?!<[0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])",
  ISO8601_TIMEZONE: "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))",
  ISO8601_SECOND: "%{SECOND}",
  TIMESTAMP_ISO8601:
    "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?",
  DATE_US: "%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}",
  DATE_EU: "%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}",
  DATE: "%{DATE_US}|%{DATE_EU}",
  DATESTAMP: "%{DATE}[- ]%{TIME}",
  QS: "%{QUOTEDSTRING}",
  HOST: "%{HOSTNAME}",
  HTTPDUSER: "%{EMAILADDRESS}|%{USER}",
  MONTHNUM2: "(?:0[1-9]|1[0-2])",
  TZ: "(?:[APMCE][SD]T|UTC)",
  HTTPDATE: "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}",
  SYSLOGTIMESTAMP: "%{MONTH} +%{MONTHDAY} %{TIME}",
  SYSLOGHOST: "%{IPORHOST}",
  PROG: "[\\x21-\\x5a\\x5c\\x5e-\\x7e]+",
  SYSLOGPROG: "%{PROG:program}(?:\\[%{POSINT:pid}\\])?",
  COMMONAPACHELOG:
    '%{IPORHOST:clientip} %{HTTPDUSER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\] "(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})" %{NUMBER:response} (?:%{NUMBER:bytes}|-)',
  COMBINEDAPACHELOG: "%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}",
  LOGLEVEL:
    "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)",
};

export interface GrokField {
  name: string;
  type: "keyword" | "integer" | "long" | "double" | "boolean";
}

export interface GrokPattern {
  regex: RegExp;
  /** Output columns in pattern order (a name captured twice is one multi-valued column). */
  fields: GrokField[];
  /** For each `g<n>` group, the column it fills. */
  groups: string[];
}

const GROK_TYPES: Record<string, GrokField["type"]> = {
  int: "integer",
  long: "long",
  float: "double",
  double: "double",
  boolean: "boolean",
};

/** Expands `%{SYNTAX:name:type}` references into one regular expression with a group per named capture. */
export function compileGrok(patterns: readonly string[], query: string, node: SourceSpan): GrokPattern {
  const fields: GrokField[] = [];
  const expand = (pattern: string, depth: number): string =>
    pattern.replace(
      /%\{(\w+)(?::([\w.@[\]-]+))?(?::(\w+))?\}/g,
      (_, syntax: string, name?: string, type?: string) => {
        const definition = GROK_LIBRARY[syntax];
        if (definition === undefined || depth > 20) {
          throw verificationError(
            query,
            node,
            `Invalid GROK pattern [${pattern}]: [Unable to find pattern [${syntax}] in Grok's pattern dictionary]`,
          );
        }
        const body = expand(definition, depth + 1);
        if (!name) return `(?:${body})`;
        if (!fields.some((field) => field.name === name))
          fields.push({ name, type: GROK_TYPES[type ?? ""] ?? "keyword" });
        return `(?<${name}>${body})`;
      },
    );
  const alternatives = patterns.map((pattern) => expand(pattern, 0));
  let compiled: JavaRegExp;
  try {
    compiled = javaPattern(
      alternatives.length === 1 ? alternatives[0] : alternatives.map((a) => `(?:${a})`).join("|"),
    );
  } catch (error) {
    throw verificationError(
      query,
      node,
      `Invalid GROK pattern [${patterns.join(", ")}]: [${(error as Error).message}]`,
    );
  }
  for (const name of compiled.groups)
    if (!fields.some((field) => field.name === name)) fields.push({ name, type: "keyword" });
  return { regex: compiled.regex, fields, groups: compiled.groups };
}

/** The captures of the first match of `text`, by column (repeated names collect every capture). */
export function applyGrok(pattern: GrokPattern, text: string): Map<string, string[]> | undefined {
  const match = pattern.regex.exec(text);
  if (!match) return undefined;
  const out = new Map<string, string[]>();
  pattern.groups.forEach((name, i) => {
    const value = match.groups?.[`g${i}`];
    if (value === undefined) return;
    out.set(name, [...(out.get(name) ?? []), value]);
  });
  return out;
}
