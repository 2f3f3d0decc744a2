import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { openCatalog } from "../../../src/catalog/catalog.js";
import { mappingForIndex } from "../../../src/catalog/mapping.js";
import { memoryEngine } from "../../../src/engine/memory/index.js";
import { runRuleTests, type SuiteResult } from "../../../src/engine/rule-tests/suite.js";
import type { SearchEngine } from "../../../src/engine/types.js";
import { loadRuleFiles } from "../../../src/schema/toml/load.js";

/** A throw-away project folder: rules/, test/fixtures/ and whatever else a test writes. */
export interface Project {
  root: string;
  write(path: string, text: string): string;
  remove(): void;
}

export function createProject(files: Record<string, string> = {}): Project {
  const root = mkdtempSync(join(tmpdir(), "dac-rule-tests-"));
  const project: Project = {
    root,
    write(path, text) {
      const file = join(root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  for (const [path, text] of Object.entries(files)) project.write(path, text);
  return project;
}

const catalog = openCatalog();

/** Runs the rule tests of a project on the embedded engine (or the given engines), at a fixed "now". */
export function runProjectSuite(
  project: Project,
  options: { filter?: string; explain?: boolean; engines?: SearchEngine[] } = {},
): Promise<SuiteResult> {
  return runRuleTests({
    rules: loadRuleFiles([join(project.root, "rules")]),
    fixturesDir: join(project.root, "test/fixtures"),
    engines: [memoryEngine],
    mappingFor: (index) => mappingForIndex(index, catalog),
    now: new Date("2025-03-01T08:30:45.678Z"),
    ...options,
  });
}

/**
 * A rule file with the given [rule] settings (TOML lines) after a common header; `source` is what it reads (a KQL
 * rule's index and language by default, `language = "esql"` for an ES|QL rule).
 */
export function ruleToml(
  name: string,
  settings: string,
  source = 'index = ["logs-test-*"]\nlanguage = "kuery"',
): string {
  return `[metadata]
creation_date = "2025/01/01"
maturity = "production"
updated_date = "2025/01/01"

[rule]
author = ["dac tests"]
description = "Test rule ${name}."
from = "now-9m"
interval = "5m"
${source}
license = "Elastic License v2"
name = "${name}"
risk_score = 21
rule_id = "00000000-0000-4000-8000-${String(name.length).padStart(12, "0")}"
severity = "low"
${settings}
`;
}

/** A failed login query rule. */
export const QUERY_RULE = ruleToml(
  "failed login",
  `type = "query"
query = 'event.action:"login" and event.outcome:"failure"'`,
);

/** A new_terms rule on user.name over failed logins, 7-day history. */
export const NEW_TERMS_RULE = ruleToml(
  "new user failing",
  `type = "new_terms"
query = 'event.action:"login" and event.outcome:"failure"'

[rule.new_terms]
field = "new_terms_fields"
value = ["user.name"]
[[rule.new_terms.history_window_start]]
field = "history_window_start"
value = "now-7d"`,
);

/** Three failed logins per user. */
export const THRESHOLD_RULE = ruleToml(
  "failed login burst",
  `type = "threshold"
query = 'event.action:"login" and event.outcome:"failure"'

[rule.threshold]
field = ["user.name"]
value = 3`,
);

/** One NDJSON line: a login event in logs-test-default unless another index is given. */
export function login(
  id: string,
  timestamp: string,
  options: {
    user?: string;
    outcome?: string;
    index?: string;
    arrival?: string;
    extra?: Record<string, unknown>;
  } = {},
): string {
  const hit: Record<string, unknown> = {
    _index: options.index ?? "logs-test-default",
    _id: id,
    _source: {
      "@timestamp": timestamp,
      event: { action: "login", outcome: options.outcome ?? "failure" },
      user: { name: options.user ?? "alice" },
      ...options.extra,
    },
  };
  if (options.arrival) hit._arrival = options.arrival;
  return JSON.stringify(hit);
}

export const lines = (...items: string[]) => `${items.join("\n")}\n`;
