/**
 * A rule body as an older Kibana accepts it (`dac export --stack-version X.Y`): rule types a stack does not
 * have are refused, fields it does not know are dropped. The versions are the ones detection-rules records
 * for its restricted fields (`min_compat`) and Kibana's release notes for the rule types.
 */
import { compareStackVersions } from "../repository/version-lock.js";

type Body = Record<string, unknown>;

/** The first stack whose rules API has each rule type. */
const RULE_TYPE_SINCE: Record<string, string> = {
  query: "7.0",
  saved_query: "7.0",
  machine_learning: "7.8",
  eql: "7.9",
  threshold: "7.9",
  threat_match: "7.10",
  new_terms: "8.4",
  esql: "8.11",
};

/** The first stack that knows each top-level field, per rule type ("*": every type). */
const FIELD_SINCE: Record<string, Record<string, string>> = {
  related_integrations: { "*": "8.3" },
  required_fields: { "*": "8.3" },
  setup: { "*": "8.3" },
  investigation_fields: { "*": "8.11" },
  timestamp_field: { eql: "8.0" },
  event_category_override: { eql: "8.0" },
  tiebreaker_field: { eql: "8.0" },
  alert_suppression: {
    query: "8.8",
    saved_query: "8.8",
    threshold: "8.12",
    threat_match: "8.13",
    new_terms: "8.14",
    eql: "8.14",
    esql: "8.15",
    machine_learning: "8.15",
  },
};

/** `negate` on a threat_mapping entry: 9.2. */
const THREAT_MAPPING_NEGATE_SINCE = "9.2";

export type StackBody = { body: Body; dropped: string[] } | { unsupported: string };

export function forStack(body: Body, stack: string): StackBody {
  const type = String(body.type);
  const since = RULE_TYPE_SINCE[type];
  if (since !== undefined && older(stack, since)) {
    return { unsupported: `${type} rules need stack ${since} or later; ${stack} does not have them` };
  }
  const result: Body = { ...body };
  const dropped: string[] = [];
  for (const [field, byType] of Object.entries(FIELD_SINCE)) {
    const fieldSince = byType[type] ?? byType["*"];
    if (result[field] === undefined || fieldSince === undefined || !older(stack, fieldSince)) continue;
    delete result[field];
    dropped.push(field);
  }
  if (Array.isArray(result.threat_mapping) && older(stack, THREAT_MAPPING_NEGATE_SINCE)) {
    let negateDropped = false;
    result.threat_mapping = result.threat_mapping.map((group: { entries?: Body[] }) => ({
      ...group,
      entries: (group.entries ?? []).map(({ negate, ...entry }) => {
        if (negate !== undefined) negateDropped = true;
        return entry;
      }),
    }));
    if (negateDropped) dropped.push("threat_mapping.entries.negate");
  }
  return { body: result, dropped };
}

function older(stack: string, since: string): boolean {
  return compareStackVersions(stack, since) < 0;
}
