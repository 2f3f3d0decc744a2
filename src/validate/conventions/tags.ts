import type { Finding } from "../../findings/finding.js";
import { findingAt, type RuleCheck, type RuleContext } from "../check.js";
import type { MitreCatalog } from "../mitre/catalog.js";
import { isRecord, strings } from "../values.js";

const TACTIC_PREFIX = "Tactic: ";
const GUIDE_TAG = "Resources: Investigation Guide";

/**
 * Tag conventions of Elastic's rules: `Tactic: <name>` tags agree with the ATT&CK mapping, and
 * `Resources: Investigation Guide` is present exactly when the rule has a note.
 */
export function tagCheck(catalog: MitreCatalog): RuleCheck {
  const tacticNames = new Set(Object.values(catalog.tactics).map((t) => t.name));
  return (context) => {
    if (context.deprecated) return [];
    const tags = strings(context.rule.tags);
    return [
      ...duplicateTags(context, tags),
      ...tacticTags(context, tags, tacticNames),
      ...guideTag(context, tags),
    ];
  };
}

function duplicateTags(context: RuleContext, tags: string[]): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  tags.forEach((tag, index) => {
    if (seen.has(tag)) {
      findings.push(
        findingAt(context, "tag-duplicate", ["rule", "tags", index], `tag "${tag}" appears more than once`),
      );
    }
    seen.add(tag);
  });
  return findings;
}

function tacticTags(context: RuleContext, tags: string[], tacticNames: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  const mapped = new Set(mappedTactics(context.rule.threat));
  const tagged = new Set<string>();
  tags.forEach((tag, index) => {
    if (!tag.startsWith(TACTIC_PREFIX)) return;
    const name = tag.slice(TACTIC_PREFIX.length);
    tagged.add(name);
    if (!tacticNames.has(name)) {
      findings.push(
        findingAt(
          context,
          "tag-tactic-unknown",
          ["rule", "tags", index],
          `tag "${tag}" names no ATT&CK tactic`,
        ),
      );
    } else if (!mapped.has(name)) {
      findings.push(
        findingAt(
          context,
          "tag-tactic-unmapped",
          ["rule", "tags", index],
          `tag "${tag}" but the threat mapping has no ${name} tactic`,
          `map the tactic in [[rule.threat]] or remove the tag`,
        ),
      );
    }
  });
  const untagged = [...mapped].filter((name) => !tagged.has(name));
  if (mapped.size > 0 && untagged.length === mapped.size) {
    findings.push(
      findingAt(
        context,
        "tag-tactic-none",
        ["rule", "tags"],
        `rule maps ${[...mapped].join(", ")} but has no "Tactic:" tag for any of them`,
        `add "${TACTIC_PREFIX}${[...mapped][0]}"`,
      ),
    );
  }
  for (const name of untagged) {
    findings.push(
      findingAt(
        context,
        "tag-tactic-missing",
        ["rule", "tags"],
        `mapped tactic ${name} has no "${TACTIC_PREFIX}${name}" tag`,
      ),
    );
  }
  return findings;
}

function mappedTactics(threat: unknown): string[] {
  if (!Array.isArray(threat)) return [];
  return threat.flatMap((entry) =>
    isRecord(entry) && isRecord(entry.tactic) && typeof entry.tactic.name === "string"
      ? [entry.tactic.name]
      : [],
  );
}

function guideTag(context: RuleContext, tags: string[]): Finding[] {
  const hasNote = typeof context.rule.note === "string" && context.rule.note.trim() !== "";
  const index = tags.indexOf(GUIDE_TAG);
  if (hasNote && index < 0) {
    return [
      findingAt(
        context,
        "tag-investigation-guide-missing",
        ["rule", "note"],
        `rule has an investigation guide (note) but no "${GUIDE_TAG}" tag`,
        `add "${GUIDE_TAG}" to tags`,
      ),
    ];
  }
  if (!hasNote && index >= 0) {
    return [
      findingAt(
        context,
        "tag-investigation-guide-without-note",
        ["rule", "tags", index],
        `tag "${GUIDE_TAG}" but the rule has no note`,
        "write the guide in `note` or remove the tag",
      ),
    ];
  }
  return [];
}
