import { randomUUID } from "node:crypto";
/**
 * What Kibana stores for omitted fields (RULE_DEFAULTS in apply_rule_defaults.ts), written down here
 * independently of src/ so the fake can catch a planner that disagrees with Kibana.
 */
const COMMON_DEFAULTS = {
    enabled: false,
    interval: "5m",
    from: "now-6m",
    to: "now",
    max_signals: 100,
    tags: [],
    author: [],
    references: [],
    false_positives: [],
    threat: [],
    setup: "",
    related_integrations: [],
    required_fields: [],
    risk_score_mapping: [],
    severity_mapping: [],
    exceptions_list: [],
    actions: [],
    version: 1,
    output_index: "",
};
const TYPE_DEFAULTS = {
    query: { language: "kuery", query: "" },
    saved_query: { language: "kuery" },
    threshold: { language: "kuery" },
    threat_match: { language: "kuery", threat_indicator_path: "threat.indicator" },
    new_terms: { language: "kuery" },
    eql: {},
    esql: {},
    machine_learning: {},
};
/** Read-only keys Kibana ignores in request bodies. */
export const SERVER_KEYS = [
    "id",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "revision",
    "immutable",
    "rule_source",
    "execution_summary",
];
export function stripServerKeys(body) {
    return Object.fromEntries(Object.entries(body).filter(([key]) => !SERVER_KEYS.includes(key)));
}
/** The content Kibana keeps from a create/update body: defaults filled, shapes normalised. */
export function storedContent(body) {
    const rule = {
        ...COMMON_DEFAULTS,
        ...(TYPE_DEFAULTS[String(body.type)] ?? {}),
        ...stripServerKeys(body),
    };
    if (!("rule_id" in body))
        rule.rule_id = randomUUID();
    const threshold = rule.threshold;
    if (threshold && !Array.isArray(threshold.field)) {
        rule.threshold = { ...threshold, field: threshold.field ? [threshold.field] : [] };
    }
    if (typeof rule.machine_learning_job_id === "string")
        rule.machine_learning_job_id = [rule.machine_learning_job_id];
    rule.required_fields = rule.required_fields.map((field) => ({
        ...field,
        ecs: String(field.name).includes("."),
    }));
    rule.actions = rule.actions.map((action) => ({
        ...action,
        uuid: randomUUID(),
        frequency: action.frequency ?? { summary: true, notifyWhen: "onActiveAlert", throttle: null },
    }));
    return rule;
}
export function newRule(body, user, now) {
    return {
        id: randomUUID(),
        ...storedContent(body),
        created_at: now,
        updated_at: now,
        created_by: user,
        updated_by: user,
        revision: 0,
        immutable: false,
        rule_source: { type: "internal" },
    };
}
/** PUT / import-overwrite semantics: a full replace that keeps identity and history fields. */
export function replacedRule(old, body, user, now) {
    const content = storedContent({ ...body, rule_id: old.rule_id });
    const changed = JSON.stringify(comparable(old)) !== JSON.stringify(comparable(content));
    const prebuilt = old.immutable === true;
    return {
        id: old.id,
        ...content,
        created_at: old.created_at,
        created_by: old.created_by,
        updated_at: now,
        updated_by: user,
        revision: old.revision + (changed ? 1 : 0),
        immutable: prebuilt,
        rule_source: prebuilt
            ? { type: "external", is_customized: true, has_base_version: true }
            : { type: "internal" },
    };
}
function comparable(rule) {
    const { enabled: _enabled, ...rest } = stripServerKeys(rule);
    rest.actions = (rest.actions ?? []).map(({ uuid: _uuid, ...action }) => action);
    return Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)));
}
