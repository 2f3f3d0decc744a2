import type { DacConfig } from "../../src/config/config.js";
import type { Finding } from "../../src/findings/finding.js";
import { parseRuleFile } from "../../src/schema/toml/load.js";
import { type RuleCheck, ruleContext } from "../../src/validate/check.js";

/** A query rule that passes every check; tests change one thing at a time. */
export const VALID_RULE = `[metadata]
creation_date = "2024/01/15"
maturity = "production"
updated_date = "2024/03/01"

[rule]
author = ["Example"]
description = "Detects a user added to the local administrators group."
from = "now-9m"
index = ["logs-endpoint.events.*"]
language = "kuery"
license = "Apache-2.0"
name = "User Added to Administrators"
note = "## Triage\\nCheck who added the user."
references = ["https://example.com/admins"]
risk_score = 47
rule_id = "0b8e3a5c-1111-4a1a-9c1e-000000000001"
severity = "medium"
tags = ["Domain: Endpoint", "Tactic: Persistence", "Resources: Investigation Guide"]
type = "query"
query = '''
event.action:"added-member-to-group" and group.name:"Administrators"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"

[[rule.threat.technique]]
id = "T1098"
name = "Account Manipulation"
reference = "https://attack.mitre.org/techniques/T1098/"

[[rule.threat.technique.subtechnique]]
id = "T1098.007"
name = "Additional Local or Domain Groups"
reference = "https://attack.mitre.org/techniques/T1098/007/"

[rule.threat.tactic]
id = "TA0003"
name = "Persistence"
reference = "https://attack.mitre.org/tactics/TA0003/"
`;

/** VALID_RULE with each [from, to] replacement applied once; fails loudly if a replacement does not apply. */
export function variant(...replacements: [string, string][]): string {
  let text = VALID_RULE;
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`fixture has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

export function runCheck(check: RuleCheck, text: string, path = "rules/persistence/admins.toml"): Finding[] {
  const file = parseRuleFile(path, text);
  if (file.findings.length > 0) throw new Error(`fixture does not load: ${JSON.stringify(file.findings)}`);
  const context = ruleContext(file);
  if (!context) throw new Error("fixture has no [rule]");
  return check(context);
}

export const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

export function config(checks: DacConfig["checks"] = {}): DacConfig {
  return { root: "/", repository: "/", rules: ["rules"], checks, fields: {}, environments: {} };
}
