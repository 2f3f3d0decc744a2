/**
 * The coverage as one self-contained HTML page (no scripts, no external resources): the ATT&CK matrix with a
 * column per tactic, every technique of the tactic a cell coloured by its score, covered sub-techniques under
 * their technique; hovering a cell shows the rules that map it.
 */
import { COVERAGE_COLORS, scoreColor, textColor } from "./colors.js";
import type { Coverage, CoverageCell } from "./coverage.js";
import { ruleLabel } from "./navigator-layer.js";

export function coverageHtml(coverage: Coverage, title = "ATT&CK coverage"): string {
  const max = Math.max(
    1,
    ...coverage.tactics.flatMap((tactic) =>
      tactic.techniques.flatMap((t) => [t.score, ...t.subtechniques.map((s) => s.score)]),
    ),
  );
  const columns = coverage.tactics.map((tactic) => {
    const covered = tactic.techniques.filter((technique) => technique.score > 0).length;
    const cells = tactic.techniques.map((technique) =>
      [
        techniqueCell(technique, max, "technique"),
        ...technique.subtechniques.map((sub) => techniqueCell(sub, max, "subtechnique")),
      ].join(""),
    );
    return `<section class="tactic" data-tactic="${tactic.id}"><h2>${escapeHtml(tactic.name)}<small>${covered} / ${tactic.techniques.length}</small></h2>${cells.join("")}</section>`;
  });
  const legend = [
    [COVERAGE_COLORS.none, "no rule"],
    [COVERAGE_COLORS.uncounted, "only development or disabled rules"],
    [scoreColor(1, max, 1), "1 rule"],
    [scoreColor(max, max, 1), `${max} rules`],
  ]
    .map(
      ([color, label]) => `<span class="key"><i style="background:${color}"></i>${escapeHtml(label)}</span>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font: 13px/1.35 system-ui, sans-serif; margin: 16px; color: #1a1c21; }
h1 { font-size: 20px; margin: 0 0 4px; }
.summary { margin: 0 0 8px; }
.legend { margin: 0 0 12px; display: flex; gap: 16px; flex-wrap: wrap; }
.key i { display: inline-block; width: 14px; height: 14px; margin-right: 4px; vertical-align: -2px; border: 1px solid #ccc; }
.matrix { display: flex; gap: 4px; align-items: flex-start; overflow-x: auto; }
.tactic { flex: 0 0 150px; }
.tactic h2 { font-size: 13px; margin: 0 0 4px; padding: 4px; background: #dddddd; }
.tactic h2 small { display: block; font-weight: normal; }
.cell { position: relative; margin: 0 0 2px; padding: 3px 4px; border: 1px solid #d3dae6; cursor: default; }
.cell.subtechnique { margin-left: 10px; font-size: 12px; }
.cell .score { float: right; font-weight: bold; }
.cell .rules { display: none; position: absolute; z-index: 10; left: 100%; top: 0; width: 260px; padding: 6px 8px;
  background: #ffffff; color: #1a1c21; border: 1px solid #98a2b3; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
.cell:hover .rules { display: block; }
.rules ul { margin: 4px 0 0; padding-left: 16px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="summary">ATT&amp;CK v${escapeHtml(coverage.attackVersion)} · ${coverage.countedRules} enabled production rules (of ${coverage.mappedRules} active rules with an ATT&amp;CK mapping) · score = number of enabled production rules</p>
<div class="legend">${legend}</div>
<div class="matrix">${columns.join("")}</div>
</body>
</html>
`;
}

function techniqueCell(cell: CoverageCell, max: number, kind: "technique" | "subtechnique"): string {
  const background = scoreColor(cell.score, max, cell.rules.length);
  const rules =
    cell.rules.length === 0
      ? ""
      : `<div class="rules"><strong>${escapeHtml(cell.id)} ${escapeHtml(cell.name)}</strong><ul>${cell.rules
          .map((rule) => `<li>${escapeHtml(ruleLabel(rule))}</li>`)
          .join("")}</ul></div>`;
  const score = cell.rules.length === 0 ? "" : `<span class="score">${cell.score}</span>`;
  return `<div class="cell ${kind}" data-technique="${escapeHtml(cell.id)}" data-score="${cell.score}" style="background:${background};color:${textColor(background)}">${score}${escapeHtml(cell.name)}${rules}</div>`;
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
