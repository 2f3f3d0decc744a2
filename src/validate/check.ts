import type { Finding } from "../findings/finding.js";
import { defaultSeverity, type FindingCode } from "../findings/registry.js";
import type { RuleFile } from "../schema/rule-file.js";
import type { KeyPath, SourcePosition } from "../schema/source.js";
import { ParsedQueries } from "./parsed-queries.js";

/** One loaded rule as the checks see it: the file plus the parts every check needs. */
export interface RuleContext {
  file: RuleFile;
  /** The [rule] table as written in TOML. */
  rule: Record<string, unknown>;
  metadata: Record<string, unknown>;
  ruleId?: string;
  /** maturity = "deprecated" or kept under a `_deprecated` directory: not shipped, so content checks skip it. */
  deprecated: boolean;
  /** The rule's queries, parsed once and shared by the checks that read them. */
  queries: ParsedQueries;
}

/** A check over one rule. Pure: the same context always gives the same findings. */
export type RuleCheck = (context: RuleContext) => Finding[];

/** A check over all rules at once (uniqueness and other cross-file facts). */
export type RepositoryCheck = (contexts: readonly RuleContext[]) => Finding[];

/**
 * A finding at the TOML key `path` of the rule, with the code's default severity. Its line and column are
 * located when first read: locating scans the file's source, and findings of codes the configuration turns
 * off (some on most rules) are dropped unread.
 */
export function findingAt(
  context: RuleContext,
  code: FindingCode,
  path: KeyPath,
  message: string,
  hint?: string,
): Finding {
  let position: SourcePosition | undefined;
  const located = () => {
    position ??= context.file.positionOf(path);
    return position;
  };
  return {
    file: context.file.path,
    get line() {
      return located().line;
    },
    get column() {
      return located().column;
    },
    ...(context.ruleId === undefined ? {} : { rule_id: context.ruleId }),
    code,
    severity: defaultSeverity(code),
    message,
    ...(hint === undefined ? {} : { hint }),
  };
}

/** Builds the context for a parsed rule file; undefined when the file holds no [rule] table. */
export function ruleContext(file: RuleFile): RuleContext | undefined {
  if (!file.rule) return undefined;
  const metadata = file.metadata ?? {};
  const ruleId = typeof file.rule.rule_id === "string" ? file.rule.rule_id : undefined;
  return {
    file,
    rule: file.rule,
    metadata,
    ...(ruleId === undefined ? {} : { ruleId }),
    deprecated: metadata.maturity === "deprecated" || inDeprecatedDirectory(file.path),
    queries: new ParsedQueries(file.rule),
  };
}

/** detection-rules keeps retired rules under rules/_deprecated/. */
export function inDeprecatedDirectory(path: string): boolean {
  return /(^|[\\/])_deprecated[\\/]/.test(path);
}
