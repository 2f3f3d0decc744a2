/**
 * The coverage as Markdown for a pull-request comment: a summary table per tactic, then per tactic (folded)
 * the covered techniques and sub-techniques with their rules.
 */
import type { Coverage, TacticCoverage } from "./coverage.js";
import { ruleLabel } from "./navigator-layer.js";

export function coverageMarkdown(coverage: Coverage): string {
  const covered = (tactic: TacticCoverage) => tactic.techniques.filter((t) => t.score > 0);
  const lines = [
    `## ATT&CK coverage (v${coverage.attackVersion})`,
    "",
    `${coverage.countedRules} enabled production rules (of ${coverage.mappedRules} active rules with an ATT&CK mapping). A technique is covered when at least one of them maps it.`,
    "",
    "| Tactic | Techniques covered | Rules |",
    "|---|---:|---:|",
    ...coverage.tactics.map(
      (tactic) =>
        `| ${cell(tactic.name)} | ${covered(tactic).length} / ${tactic.techniques.length} | ${tactic.score} |`,
    ),
  ];
  for (const tactic of coverage.tactics) {
    const mapped = tactic.techniques.filter((technique) => technique.rules.length > 0);
    if (mapped.length === 0) continue;
    lines.push(
      "",
      `<details><summary>${cell(tactic.name)} (${tactic.id}): ${covered(tactic).length} of ${tactic.techniques.length} techniques</summary>`,
      "",
      "| Technique | Score | Rules |",
      "|---|---:|---|",
    );
    for (const technique of mapped) {
      lines.push(row(`${technique.id} ${technique.name}`, technique.score, technique.rules.map(ruleLabel)));
      for (const sub of technique.subtechniques) {
        lines.push(row(`↳ ${sub.id} ${sub.name}`, sub.score, sub.rules.map(ruleLabel)));
      }
    }
    lines.push("", "</details>");
  }
  return `${lines.join("\n")}\n`;
}

function row(label: string, score: number, rules: string[]): string {
  return `| ${cell(label)} | ${score} | ${rules.map(cell).join("<br>")} |`;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll("\n", " ");
}
