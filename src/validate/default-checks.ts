import type { RuleCheck } from "./check.js";
import { contentCheck } from "./conventions/content.js";
import { kibanaCrossFieldCheck } from "./conventions/kibana-cross-field.js";
import { metadataCheck } from "./conventions/metadata.js";
import { scheduleCheck } from "./conventions/schedule.js";
import { tagCheck } from "./conventions/tags.js";
import { loadMitreCatalog, type MitreCatalog } from "./mitre/catalog.js";
import { mitreCheck } from "./mitre/checks.js";
import { querySyntaxCheck } from "./stages/kql.js";
import { schemaCheck } from "./stages/schema.js";

export interface DefaultCheckOptions {
  mitre?: MitreCatalog;
  /** Reference time for absolute dates in date math; defaults to the current time. */
  now?: number;
  /** Field checks (src/validate/fields): the integration point for ECS / integration field validation. */
  fieldChecks?: readonly RuleCheck[];
}

/** The per-rule checks `dac validate` runs, in order: schema, query syntax, fields, MITRE, conventions. */
export function defaultRuleChecks(options: DefaultCheckOptions = {}): RuleCheck[] {
  const mitre = options.mitre ?? loadMitreCatalog();
  return [
    schemaCheck,
    querySyntaxCheck,
    ...(options.fieldChecks ?? []),
    mitreCheck(mitre),
    tagCheck(mitre),
    scheduleCheck(options.now ?? Date.now()),
    contentCheck,
    kibanaCrossFieldCheck,
    metadataCheck,
  ];
}
