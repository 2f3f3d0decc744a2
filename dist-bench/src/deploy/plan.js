import { contentOf, diffContent } from "./diff.js";
/**
 * Tag that marks a rule as deployed by dac. A tag (rather than `meta`) is visible and filterable in the
 * Kibana rules table, so people see that UI edits will be overwritten, and removing it in the UI releases
 * the rule from `--prune`. Only rules carrying it are ever deleted.
 */
export const MANAGED_TAG = "Managed: dac";
/** Compares the repository's rules with what one space holds. Pure: no I/O. */
export function planSpace(space, local, deployed, options) {
    const byRuleId = new Map();
    for (const rule of deployed)
        byRuleId.set(String(rule.rule_id), rule);
    const entries = [];
    const seen = new Set();
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
                message: `rule_id "${ruleId}" belongs to the Elastic prebuilt rule "${String(remote.name)}" installed in space ` +
                    `"${space}"; dac never modifies prebuilt rules. Give the local rule its own rule_id to deploy it as a custom rule.`,
            });
            continue;
        }
        entries.push(remote ? planUpdate(rule, remote, where, options) : planCreate(rule, where, options));
    }
    if (options.prune) {
        for (const remote of deployed) {
            if (seen.has(String(remote.rule_id)) || !isManaged(remote) || isPrebuilt(remote))
                continue;
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
/** The body dac sends: the local rule, `enabled` made explicit, the managed tag, the planned version. */
function desiredBody(rule, options, version) {
    const tags = Array.isArray(rule.body.tags) ? rule.body.tags : [];
    return {
        ...rule.body,
        enabled: typeof rule.body.enabled === "boolean" ? rule.body.enabled : options.enabledDefault,
        tags: tags.includes(MANAGED_TAG) ? tags : [...tags, MANAGED_TAG],
        version,
    };
}
function localVersion(rule) {
    return typeof rule.body.version === "number" ? rule.body.version : undefined;
}
function planCreate(rule, where, options) {
    const body = desiredBody(rule, options, localVersion(rule) ?? 1);
    const content = contentOf(body, options.applyDefaults);
    return {
        ...where,
        action: "create",
        body,
        version: { planned: body.version },
        changes: Object.entries(content).map(([field, after]) => ({ field, after })),
    };
}
/**
 * Kibana never bumps `version`; dac does: when the content differs from the deployed rule, the planned
 * version is above the deployed one (the local version if the author already raised it). It never goes down.
 */
function planUpdate(rule, remote, where, options) {
    const deployedVersion = typeof remote.version === "number" ? remote.version : 1;
    const local = localVersion(rule);
    const deployedContent = contentOf(remote, options.applyDefaults);
    const probe = contentOf(desiredBody(rule, options, deployedVersion), options.applyDefaults);
    const contentChanged = diffContent(deployedContent, probe).some((c) => c.field !== "version" && c.field !== "enabled");
    let planned;
    let note;
    if (contentChanged) {
        planned = Math.max(local ?? 0, deployedVersion + 1);
        if (planned === deployedVersion + 1 && (local ?? 0) <= deployedVersion) {
            note = `content changed: version ${deployedVersion} → ${planned}`;
        }
    }
    else {
        planned = Math.max(local ?? deployedVersion, deployedVersion);
        if (local !== undefined && local < deployedVersion) {
            note = `local version ${local} is below the deployed ${deployedVersion}; keeping ${deployedVersion}`;
        }
    }
    const body = desiredBody(rule, options, planned);
    const changes = diffContent(deployedContent, contentOf(body, options.applyDefaults));
    const takeover = isManaged(remote)
        ? undefined
        : `rule_id "${where.ruleId}" exists in the space but was not deployed by dac; it will be taken over`;
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
export function isPrebuilt(rule) {
    const source = rule.rule_source;
    return rule.immutable === true || source?.type === "external";
}
export function isManaged(rule) {
    return Array.isArray(rule.tags) && rule.tags.includes(MANAGED_TAG);
}
export function planCounts(plan) {
    const counts = { create: 0, update: 0, unchanged: 0, delete: 0, conflict: 0 };
    for (const entry of plan.entries)
        counts[entry.action]++;
    return counts;
}
