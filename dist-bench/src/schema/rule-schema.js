/**
 * Create-request schemas of the Kibana Detection Engine API 2023-10-31 (POST /api/detection_engine/rules),
 * written with TypeBox so the JSON Schema and the TypeScript types come from one definition.
 *
 * Deliberate difference from Kibana: every object whose keys are known is closed
 * (`additionalProperties: false`). Kibana strips unknown keys silently; in a rule kept as code an unknown
 * key is almost always a typo, so the validator reports it (as its own issue kind, see validate-rule.ts).
 * Free-form objects (meta, action params, filters, alerts_filter, ecs_mapping) stay open, as in Kibana.
 */
import { Type } from "@sinclair/typebox";
const closed = (properties) => Type.Object(properties, { additionalProperties: false });
const open = () => Type.Object({}, { additionalProperties: true });
/** Kibana's own string formats; validate-rule.ts registers them with ajv. */
export const NonEmptyString = Type.String({ minLength: 1, format: "nonempty" });
const DateMath = Type.String({ format: "date-math" });
const StringArray = Type.Array(Type.String());
export const RiskScore = Type.Integer({ minimum: 0, maximum: 100 });
export const Severity = Type.Union([
    Type.Literal("low"),
    Type.Literal("medium"),
    Type.Literal("high"),
    Type.Literal("critical"),
]);
export const KqlQueryLanguage = Type.Union([Type.Literal("kuery"), Type.Literal("lucene")]);
const RuleActionThrottle = Type.Union([
    Type.Union([Type.Literal("no_actions"), Type.Literal("rule")]),
    Type.String({ pattern: "^[1-9]\\d*[smhd]$" }),
], { description: '"no_actions", "rule" or a duration such as "1h" (digits then s, m, h or d)' });
export const ThreatSubtechnique = closed({
    id: Type.String(),
    name: Type.String(),
    reference: Type.String(),
});
export const ThreatTechnique = closed({
    id: Type.String(),
    name: Type.String(),
    reference: Type.String(),
    subtechnique: Type.Optional(Type.Array(ThreatSubtechnique)),
});
export const ThreatTactic = closed({ id: Type.String(), name: Type.String(), reference: Type.String() });
export const Threat = closed({
    framework: Type.String(),
    tactic: ThreatTactic,
    technique: Type.Optional(Type.Array(ThreatTechnique)),
});
const ExceptionListType = Type.Union([
    "detection",
    "rule_default",
    "endpoint",
    "endpoint_trusted_apps",
    "endpoint_trusted_devices",
    "endpoint_events",
    "endpoint_host_isolation_exceptions",
    "endpoint_blocklists",
    "endpoint_custom_yara_signatures",
].map((value) => Type.Literal(value)));
export const RuleExceptionList = closed({
    id: NonEmptyString,
    list_id: NonEmptyString,
    type: ExceptionListType,
    namespace_type: Type.Union([Type.Literal("agnostic"), Type.Literal("single")]),
});
export const RuleAction = closed({
    action_type_id: Type.String(),
    id: Type.String(),
    params: open(),
    group: Type.Optional(Type.String()),
    uuid: Type.Optional(NonEmptyString),
    alerts_filter: Type.Optional(open()),
    frequency: Type.Optional(closed({
        summary: Type.Boolean(),
        notifyWhen: Type.Union([
            Type.Literal("onActiveAlert"),
            Type.Literal("onThrottleInterval"),
            Type.Literal("onActionGroupChange"),
        ]),
        throttle: Type.Union([RuleActionThrottle, Type.Null()], {
            description: 'null, "no_actions", "rule" or a duration such as "1h"',
        }),
    })),
});
const EcsMapping = Type.Record(Type.String(), closed({
    field: Type.Optional(Type.String()),
    value: Type.Optional(Type.Union([Type.String(), StringArray])),
}));
const OsqueryResponseAction = closed({
    action_type_id: Type.Literal(".osquery"),
    params: closed({
        ecs_mapping: Type.Optional(EcsMapping),
        pack_id: Type.Optional(Type.String()),
        queries: Type.Optional(Type.Array(closed({
            id: Type.String(),
            query: Type.String(),
            ecs_mapping: Type.Optional(EcsMapping),
            platform: Type.Optional(Type.String()),
            removed: Type.Optional(Type.Boolean()),
            snapshot: Type.Optional(Type.Boolean()),
            version: Type.Optional(Type.String()),
        }))),
        query: Type.Optional(Type.String()),
        saved_query_id: Type.Optional(Type.String()),
        timeout: Type.Optional(Type.Number()),
    }),
});
const ProcessConfig = (extra) => closed({ field: Type.String({ maxLength: 2000 }), overwrite: Type.Optional(Type.Boolean()), ...extra });
const RunScriptOsConfig = Type.Object({
    scriptId: Type.Optional(Type.String()),
    scriptInput: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.Integer()),
}, { additionalProperties: false, minProperties: 1 });
const EndpointResponseAction = closed({
    action_type_id: Type.Literal(".endpoint"),
    params: Type.Union([
        closed({ command: Type.Literal("isolate"), comment: Type.Optional(Type.String()) }),
        closed({
            command: Type.Literal("kill-process"),
            comment: Type.Optional(Type.String()),
            config: ProcessConfig({ kill_descendants: Type.Optional(Type.Boolean()) }),
        }),
        closed({
            command: Type.Literal("suspend-process"),
            comment: Type.Optional(Type.String()),
            config: ProcessConfig({}),
        }),
        closed({
            command: Type.Literal("runscript"),
            comment: Type.Optional(Type.String()),
            config: Type.Optional(closed({
                linux: Type.Optional(RunScriptOsConfig),
                macos: Type.Optional(RunScriptOsConfig),
                windows: Type.Optional(RunScriptOsConfig),
            })),
        }),
    ], { description: "endpoint parameters for isolate, kill-process, suspend-process or runscript" }),
});
export const ResponseAction = Type.Union([OsqueryResponseAction, EndpointResponseAction], {
    description: 'a response action with action_type_id ".osquery" or ".endpoint" and its params',
});
const MappingOperator = Type.Literal("equals");
export const AlertSuppressionDuration = closed({
    value: Type.Integer({ minimum: 1 }),
    unit: Type.Union([Type.Literal("s"), Type.Literal("m"), Type.Literal("h")]),
});
export const AlertSuppression = closed({
    group_by: Type.Array(Type.String(), { minItems: 1, maxItems: 3 }),
    duration: Type.Optional(AlertSuppressionDuration),
    missing_fields_strategy: Type.Optional(Type.Union([Type.Literal("doNotSuppress"), Type.Literal("suppress")])),
});
export const ThresholdAlertSuppression = closed({ duration: AlertSuppressionDuration });
/** Fields every rule type accepts on create (Kibana's shared create props). */
const commonCreateFields = {
    name: Type.String({ minLength: 1 }),
    description: Type.String({ minLength: 1 }),
    risk_score: RiskScore,
    severity: Severity,
    rule_id: Type.Optional(Type.String()),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    enabled: Type.Optional(Type.Boolean()),
    from: Type.Optional(DateMath),
    to: Type.Optional(Type.String()),
    interval: Type.Optional(Type.String()),
    max_signals: Type.Optional(Type.Integer({ minimum: 1 })),
    tags: Type.Optional(StringArray),
    author: Type.Optional(StringArray),
    license: Type.Optional(Type.String()),
    references: Type.Optional(StringArray),
    false_positives: Type.Optional(StringArray),
    threat: Type.Optional(Type.Array(Threat)),
    note: Type.Optional(Type.String()),
    setup: Type.Optional(Type.String()),
    timestamp_override: Type.Optional(Type.String()),
    timestamp_override_fallback_disabled: Type.Optional(Type.Boolean()),
    required_fields: Type.Optional(Type.Array(closed({ name: NonEmptyString, type: NonEmptyString }))),
    related_integrations: Type.Optional(Type.Array(closed({
        package: NonEmptyString,
        version: NonEmptyString,
        integration: Type.Optional(NonEmptyString),
    }))),
    investigation_fields: Type.Optional(closed({ field_names: Type.Array(NonEmptyString, { minItems: 1 }) })),
    risk_score_mapping: Type.Optional(Type.Array(closed({
        field: Type.String(),
        operator: MappingOperator,
        value: Type.String(),
        risk_score: Type.Optional(RiskScore),
    }))),
    severity_mapping: Type.Optional(Type.Array(closed({ field: Type.String(), operator: MappingOperator, value: Type.String(), severity: Severity }))),
    rule_name_override: Type.Optional(Type.String()),
    building_block_type: Type.Optional(Type.String()),
    exceptions_list: Type.Optional(Type.Array(RuleExceptionList)),
    actions: Type.Optional(Type.Array(RuleAction)),
    throttle: Type.Optional(RuleActionThrottle),
    response_actions: Type.Optional(Type.Array(ResponseAction)),
    meta: Type.Optional(open()),
    namespace: Type.Optional(Type.String()),
    output_index: Type.Optional(Type.String()),
    timeline_id: Type.Optional(Type.String()),
    timeline_title: Type.Optional(Type.String()),
    alias_purpose: Type.Optional(Type.Union([Type.Literal("savedObjectConversion"), Type.Literal("savedObjectImport")])),
    alias_target_id: Type.Optional(Type.String()),
    outcome: Type.Optional(Type.Union([Type.Literal("exactMatch"), Type.Literal("aliasMatch"), Type.Literal("conflict")])),
};
/** Where a query-family rule reads its events from. */
const eventSourceFields = {
    index: Type.Optional(StringArray),
    data_view_id: Type.Optional(Type.String()),
    filters: Type.Optional(Type.Array(Type.Unknown())),
};
const ruleCreateProps = (typeFields) => closed({ ...commonCreateFields, ...typeFields });
export const QueryRuleCreateProps = ruleCreateProps({
    type: Type.Literal("query"),
    query: Type.Optional(Type.String()),
    language: Type.Optional(KqlQueryLanguage),
    saved_id: Type.Optional(Type.String()),
    alert_suppression: Type.Optional(AlertSuppression),
    ...eventSourceFields,
});
export const SavedQueryRuleCreateProps = ruleCreateProps({
    type: Type.Literal("saved_query"),
    saved_id: Type.String(),
    query: Type.Optional(Type.String()),
    language: Type.Optional(KqlQueryLanguage),
    alert_suppression: Type.Optional(AlertSuppression),
    ...eventSourceFields,
});
export const ThresholdRuleCreateProps = ruleCreateProps({
    type: Type.Literal("threshold"),
    query: Type.String(),
    threshold: closed({
        field: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 0, maxItems: 5 })], {
            description: "a field name or an array of at most 5 field names",
        }),
        value: Type.Integer({ minimum: 1 }),
        cardinality: Type.Optional(Type.Array(closed({ field: Type.String(), value: Type.Integer({ minimum: 0 }) }))),
    }),
    language: Type.Optional(KqlQueryLanguage),
    saved_id: Type.Optional(Type.String()),
    alert_suppression: Type.Optional(ThresholdAlertSuppression),
    ...eventSourceFields,
});
export const ThreatMatchRuleCreateProps = ruleCreateProps({
    type: Type.Literal("threat_match"),
    query: Type.String(),
    threat_query: Type.String(),
    threat_index: StringArray,
    threat_mapping: Type.Array(closed({
        entries: Type.Array(closed({
            field: NonEmptyString,
            type: Type.Literal("mapping"),
            value: NonEmptyString,
            negate: Type.Optional(Type.Boolean()),
        })),
    }), { minItems: 1 }),
    language: Type.Optional(KqlQueryLanguage),
    threat_language: Type.Optional(KqlQueryLanguage),
    threat_indicator_path: Type.Optional(Type.String()),
    threat_filters: Type.Optional(Type.Array(Type.Unknown())),
    concurrent_searches: Type.Optional(Type.Integer({ minimum: 1 })),
    items_per_search: Type.Optional(Type.Integer({ minimum: 1 })),
    saved_id: Type.Optional(Type.String()),
    alert_suppression: Type.Optional(AlertSuppression),
    ...eventSourceFields,
});
export const EqlRuleCreateProps = ruleCreateProps({
    type: Type.Literal("eql"),
    language: Type.Literal("eql"),
    query: Type.String(),
    event_category_override: Type.Optional(Type.String()),
    tiebreaker_field: Type.Optional(Type.String()),
    timestamp_field: Type.Optional(Type.String()),
    alert_suppression: Type.Optional(AlertSuppression),
    ...eventSourceFields,
});
export const EsqlRuleCreateProps = ruleCreateProps({
    type: Type.Literal("esql"),
    language: Type.Literal("esql"),
    query: Type.String(),
    alert_suppression: Type.Optional(AlertSuppression),
});
export const MachineLearningRuleCreateProps = ruleCreateProps({
    type: Type.Literal("machine_learning"),
    anomaly_threshold: Type.Integer({ minimum: 0 }),
    machine_learning_job_id: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })], {
        description: "a job id or a non-empty array of job ids",
    }),
    alert_suppression: Type.Optional(AlertSuppression),
});
export const NewTermsRuleCreateProps = ruleCreateProps({
    type: Type.Literal("new_terms"),
    query: Type.String(),
    new_terms_fields: Type.Array(Type.String(), { minItems: 1, maxItems: 3 }),
    history_window_start: NonEmptyString,
    language: Type.Optional(KqlQueryLanguage),
    alert_suppression: Type.Optional(AlertSuppression),
    ...eventSourceFields,
});
/** The create schema of each rule type, keyed by its `type` discriminator. */
export const ruleCreatePropsByType = {
    query: QueryRuleCreateProps,
    saved_query: SavedQueryRuleCreateProps,
    threshold: ThresholdRuleCreateProps,
    threat_match: ThreatMatchRuleCreateProps,
    eql: EqlRuleCreateProps,
    esql: EsqlRuleCreateProps,
    machine_learning: MachineLearningRuleCreateProps,
    new_terms: NewTermsRuleCreateProps,
};
export const ruleTypes = Object.keys(ruleCreatePropsByType);
/** Body of POST /api/detection_engine/rules: a union discriminated on `type`. */
export const RuleCreateProps = Type.Union([
    QueryRuleCreateProps,
    SavedQueryRuleCreateProps,
    ThresholdRuleCreateProps,
    ThreatMatchRuleCreateProps,
    EqlRuleCreateProps,
    EsqlRuleCreateProps,
    MachineLearningRuleCreateProps,
    NewTermsRuleCreateProps,
], {
    $id: "RuleCreateProps",
    title: "Kibana Detection Engine rule create props (API 2023-10-31)",
});
/** The create schema as a plain JSON Schema document (TypeBox's symbol keys removed). */
export function ruleCreateJsonSchema() {
    return JSON.parse(JSON.stringify(RuleCreateProps));
}
