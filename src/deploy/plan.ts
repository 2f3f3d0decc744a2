import { type ApplyDefaults, contentOf, diffContent, type FieldChange } from "./diff.js";
import type { ApiRule } from "./kibana-client.js";

/**
 * Tag that marks a rule as deployed by dac. A tag (rather than `meta`) is visible and filterable in the
 * Kibana rules table, so people see that UI edits will be overwritten, and removing it in the UI takes the
 * rule out of dac's hands: it is neither updated nor deleted until someone deploys with `adopt`.
 */
export const MANAGED_TAG = "Managed: dac";

/** A rule from the repository in API shape (create body, e.g. from tomlRuleToApi). */
export interface LocalRule {
  body: ApiRule;
  /** Where it was defined, for messages. */
  file?: string;
  line?: number;
}

export type PlanAction = "create" | "update" | "unchanged" | "delete" | "conflict";

export interface VersionPlan {
  deployed?: number;
  planned: number;
  /** Why the planned version is what it is, when it is not simply the local one. */
  note?: string;
}

export interface PlanEntry {
  action: PlanAction;
  ruleId: string;
  name: string;
  file?: string;
  line?: number;
  /** Field-level changes (update), or every planned field (create), or the deleted rule's fields (delete). */
  changes: FieldChange[];
  version?: VersionPlan;
  /** The exact body to send (create, update). */
  body?: ApiRule;
  /** Saved-object id of the deployed rule (update, delete, conflict). */
  remoteId?: string;
  /** Why a rule is in conflict, or a remark (e.g. an unmanaged rule being taken over). */
  message?: string;
}

export interface SpacePlan {
  space: string;
  entries: PlanEntry[];
}

export interface PlanOptions {
  prune: boolean;
  /** `enabled` for rules that do not set it (the environment's default, else false). */
  enabledDefault: boolean;
  applyDefaults: ApplyDefaults;
  /** Take over rules with a local rule_id that dac does not manage (no managed tag); otherwise they conflict. */
  adopt?: boolean;
}

/** Compares the repository's rules with what one space holds. Pure: no I/O. */
export function planSpace(
  space: string,
  local: LocalRule[],
  deployed: ApiRule[],
  options: PlanOptions,
): SpacePlan {
  const byRuleId = new Map<string, ApiRule>();
  for (const rule of deployed) byRuleId.set(String(rule.rule_id), rule);
  const entries: PlanEntry[] = [];
  const seen = new Set<string>();

  for (const rule of local) {
    const ruleId = String(rule.body.rule_id ?? "");
    const where = { ruleId, name: String(rule.body.name ?? ""), file: rule.file, line: rule.line };
    if (!ruleId) {
      entries.push({
        ...where,
        action: "conflict",
        changes: [],
        message: "rule has no rule_id; dac needs a stable one",
      });
      continue;
    }
    if (seen.has(ruleId)) {
      entries.push({
        ...where,
        action: "conflict",
        changes: [],
        message: `rule_id "${ruleId}" is defined twice`,
      });
      continue;
    }
    seen.add(ruleId);
    const remote = byRuleId.get(ruleId);
    if (remote && isPrebuilt(remote)) {
      entries.push({
        ...where,
        action: "conflict",
        changes: [],
        remoteId: String(remote.id),
        message:
          `rule_id "${ruleId}" belongs to the Elastic prebuilt rule "${String(remote.name)}" installed in space ` +
          `"${space}"; dac never modifies prebuilt rules. Give the local rule its own rule_id to deploy it as a custom rule.`,
      });
      continue;
    }
    if (remote && !isManaged(remote) && !options.adopt) {
      entries.push({
        ...where,
        action: "conflict",
        changes: [],
        remoteId: String(remote.id),
        message:
          `rule_id "${ruleId}" exists in space "${space}" without the tag "${MANAGED_TAG}": it was made in Kibana ` +
          "or taken out of dac's hands, so dac leaves it as it is. Remove the local rule or give it its own " +
          "rule_id, or deploy with --adopt to take the rule over.",
      });
      continue;
    }
    entries.push(remote ? planUpdate(rule, remote, where, options) : planCreate(rule, where, options));
  }

  if (options.prune) {
    for (const remote of deployed) {
      if (seen.has(String(remote.rule_id)) || !isManaged(remote) || isPrebuilt(remote)) continue;
      entries.push({
        action: "delete",
        ruleId: String(remote.rule_id),
        name: String(remote.name ?? ""),
        remoteId: String(remote.id),
        changes: [],
      });
    }
  }
  return { space, entries };
}

type Where = Pick<PlanEntry, "ruleId" | "name" | "file" | "line">;

/** The body dac sends: the local rule, `enabled` made explicit, the managed tag, the planned version. */
function desiredBody(rule: LocalRule, options: PlanOptions, version: number): ApiRule {
  const tags = Array.isArray(rule.body.tags) ? (rule.body.tags as string[]) : [];
  return {
    ...rule.body,
    enabled: typeof rule.body.enabled === "boolean" ? rule.body.enabled : options.enabledDefault,
    tags: tags.includes(MANAGED_TAG) ? tags : [...tags, MANAGED_TAG],
    version,
  };
}

function localVersion(rule: LocalRule): number | undefined {
  return typeof rule.body.version === "number" ? rule.body.version : undefined;
}

function planCreate(rule: LocalRule, where: Where, options: PlanOptions): PlanEntry {
  const body = desiredBody(rule, options, localVersion(rule) ?? 1);
  const content = contentOf(body, options.applyDefaults);
  return {
    ...where,
    action: "create",
    body,
    version: { planned: body.version as number },
    changes: Object.entries(content).map(([field, after]) => ({ field, after })),
  };
}

/**
 * Kibana never bumps `version`; dac does: when the content differs from the deployed rule, the planned
 * version is above the deployed one (the local version if the author already raised it). It never goes down.
 */
function planUpdate(rule: LocalRule, remote: ApiRule, where: Where, options: PlanOptions): PlanEntry {
  const deployedVersion = typeof remote.version === "number" ? remote.version : 1;
  const local = localVersion(rule);
  const deployedContent = contentOf(remote, options.applyDefaults);
  const probe = contentOf(desiredBody(rule, options, deployedVersion), options.applyDefaults);
  const contentChanged = diffContent(deployedContent, probe).some(
    (c) => c.field !== "version" && c.field !== "enabled",
  );

  let planned: number;
  let note: string | undefined;
  if (contentChanged) {
    planned = Math.max(local ?? 0, deployedVersion + 1);
    if (planned === deployedVersion + 1 && (local ?? 0) <= deployedVersion) {
      note = `content changed: version ${deployedVersion} → ${planned}`;
    }
  } else {
    planned = Math.max(local ?? deployedVersion, deployedVersion);
    if (local !== undefined && local < deployedVersion) {
      note = `local version ${local} is below the deployed ${deployedVersion}; keeping ${deployedVersion}`;
    }
  }
  const body = desiredBody(rule, options, planned);
  const changes = diffContent(deployedContent, contentOf(body, options.applyDefaults));
  const takeover = isManaged(remote)
    ? undefined
    : `rule_id "${where.ruleId}" exists in the space but is not managed by dac; --adopt takes it over`;
  return {
    ...where,
    action: changes.length ? "update" : "unchanged",
    body: changes.length ? body : undefined,
    remoteId: String(remote.id),
    version: { deployed: deployedVersion, planned, note },
    changes,
    message: changes.length ? takeover : undefined,
  };
}

export function isPrebuilt(rule: ApiRule): boolean {
  const source = rule.rule_source as { type?: string } | undefined;
  return rule.immutable === true || source?.type === "external";
}

export function isManaged(rule: ApiRule): boolean {
  return Array.isArray(rule.tags) && rule.tags.includes(MANAGED_TAG);
}

export function planCounts(plan: SpacePlan): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0 };
  for (const entry of plan.entries) counts[entry.action]++;
  return counts;
}
