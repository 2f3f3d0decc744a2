import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse, TomlError } from "smol-toml";
import type { Finding } from "../../findings/finding.js";
import type { FindingCode } from "../../findings/registry.js";
import type { RuleFile } from "../rule-file.js";
import type { SourcePosition } from "../source.js";
import type { LOAD_CODE_DECLARATIONS } from "./codes.js";
import { createSourceLocator, type SourceLocator, unparsedLocator } from "./locate.js";
import { decodeUtf8 } from "./utf8.js";

/** Codes of the findings produced while reading rule files. */
export const LOAD_CODES = {
  syntax: "toml-syntax",
  duplicateKey: "toml-duplicate-key",
  notARule: "not-a-rule",
  invalidStructure: "invalid-structure",
  unreadable: "unreadable",
  notUtf8: "not-utf8",
  pathNotFound: "path-not-found",
  noRulesFound: "no-rules-found",
} as const satisfies Record<string, keyof typeof LOAD_CODE_DECLARATIONS.codes>;

type Table = Record<string, unknown>;

/** Parses the text of one rule file; problems become findings, never exceptions. */
export function parseRuleFile(path: string, text: string): RuleFile {
  let document: Table;
  try {
    // TOML lets parsers normalize newlines; LF keeps values the same whichever way the file was saved.
    document = parse(text.includes("\r\n") ? text.replace(/\r\n/g, "\n") : text);
  } catch (error) {
    return ruleFile(path, text, unparsedLocator, {}, [syntaxFinding(path, error)]);
  }
  const locator = createSourceLocator(text);
  const findings: Finding[] = [];
  const { metadata, rule } = document;
  const ruleId = isTable(rule) && typeof rule.rule_id === "string" ? rule.rule_id : undefined;
  const structureProblem = (key: string, message: string, hint: string) =>
    findings.push(
      finding(path, locator.positionOf([key]), LOAD_CODES.invalidStructure, message, hint, ruleId),
    );
  if (rule === undefined) {
    findings.push(
      finding(
        path,
        { line: 1, column: 1 },
        LOAD_CODES.notARule,
        "not a rule file: there is no [rule] table",
        "a rule file has a [metadata] table and a [rule] table, as in Elastic's detection-rules repository",
      ),
    );
  } else if (!isTable(rule)) {
    structureProblem(
      "rule",
      "`rule` must be a single table",
      "write the rule's fields under one [rule] header",
    );
  }
  if (metadata !== undefined && !isTable(metadata)) {
    structureProblem(
      "metadata",
      "`metadata` must be a single table",
      "write metadata under one [metadata] header",
    );
  }
  return ruleFile(
    path,
    text,
    locator,
    {
      document,
      metadata: isTable(metadata) ? metadata : undefined,
      rule: isTable(rule) ? rule : undefined,
    },
    findings,
  );
}

/** Reads and parses one rule file; an unreadable or non-UTF-8 file becomes a finding. */
export function loadRuleFile(path: string): RuleFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : errorReason(error);
    return ruleFile(path, "", unparsedLocator, {}, [
      finding(
        path,
        { line: 1, column: 1 },
        LOAD_CODES.unreadable,
        `cannot read file: ${reason}`,
        "check the path and the file's permissions",
      ),
    ]);
  }
  const decoded = decodeUtf8(bytes);
  if ("invalidAt" in decoded) {
    return ruleFile(path, "", unparsedLocator, {}, [
      finding(
        path,
        decoded.invalidAt,
        LOAD_CODES.notUtf8,
        "file is not valid UTF-8",
        "TOML files must be UTF-8; re-save the file with UTF-8 encoding",
      ),
    ]);
  }
  return parseRuleFile(path, decoded.text);
}

/**
 * Loads rule files; directories are searched recursively for `*.toml` (hidden folders skipped), each
 * directory's files in sorted order. A path that does not exist, or a directory without rule files, is
 * returned as a file whose only finding says so. Each file is loaded once even if named twice.
 */
export function loadRuleFiles(paths: string[]): RuleFile[] {
  const seen = new Set<string>();
  const files: RuleFile[] = [];
  for (const path of paths) {
    const expanded = expandPath(path);
    if ("finding" in expanded) {
      files.push(ruleFile(path, "", unparsedLocator, {}, [expanded.finding]));
      continue;
    }
    for (const file of expanded.files) {
      const identity = realPath(file);
      if (seen.has(identity)) continue;
      seen.add(identity);
      files.push(loadRuleFile(file));
    }
  }
  return files;
}

/** The rule files a path stands for, or a finding when it stands for none. */
export function expandPath(path: string): { files: string[] } | { finding: Finding } {
  const stats = statOrUndefined(path);
  if (!stats) {
    return {
      finding: finding(
        path,
        { line: 1, column: 1 },
        LOAD_CODES.pathNotFound,
        "path does not exist",
        "check the spelling; paths are relative to the current directory",
      ),
    };
  }
  if (!stats.isDirectory()) return { files: [path] };
  const files = tomlFilesUnder(path, new Set([realPath(path)]));
  if (files.length === 0) {
    return {
      finding: finding(
        path,
        { line: 1, column: 1 },
        LOAD_CODES.noRulesFound,
        "no *.toml rule files in this directory",
        "point dac at the folder that holds your rules (default: rules)",
      ),
    };
  }
  return { files };
}

function tomlFilesUnder(directory: string, visited: Set<string>): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue;
    const path = join(directory, name);
    const stats = statOrUndefined(path);
    if (stats?.isDirectory()) {
      // Following symbolic links is useful, but a link back up the tree must not loop forever.
      const identity = realPath(path);
      if (visited.has(identity)) continue;
      visited.add(identity);
      files.push(...tomlFilesUnder(path, visited));
    } else if (stats?.isFile() && name.endsWith(".toml")) {
      files.push(path);
    }
  }
  return files;
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function ruleFile(
  path: string,
  text: string,
  locator: SourceLocator,
  content: Pick<RuleFile, "document" | "metadata" | "rule">,
  findings: Finding[],
): RuleFile {
  return {
    path,
    text,
    ...content,
    findings,
    positionOf: locator.positionOf,
    positionInValue: locator.positionInValue,
  };
}

function syntaxFinding(path: string, error: unknown): Finding {
  if (!(error instanceof TomlError)) {
    return finding(path, { line: 1, column: 1 }, LOAD_CODES.syntax, `invalid TOML: ${errorReason(error)}`);
  }
  const reason = error.message.replace(/^Invalid TOML document: /, "").split("\n")[0];
  const position = { line: error.line, column: error.column };
  if (reason.startsWith("trying to redefine")) {
    return finding(
      path,
      position,
      LOAD_CODES.duplicateKey,
      "this key or table is already defined earlier in the file",
      "TOML allows each key and each [table] once; merge or remove the repeated definition",
    );
  }
  return finding(
    path,
    position,
    LOAD_CODES.syntax,
    `invalid TOML: ${reason}`,
    "fix the TOML syntax at this position (TOML 1.0: https://toml.io/en/v1.0.0)",
  );
}

function finding(
  file: string,
  position: SourcePosition,
  code: FindingCode,
  message: string,
  hint?: string,
  ruleId?: string,
): Finding {
  return {
    file,
    line: position.line,
    column: position.column,
    ...(ruleId === undefined ? {} : { rule_id: ruleId }),
    code,
    severity: "error",
    message,
    ...(hint === undefined ? {} : { hint }),
  };
}

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
