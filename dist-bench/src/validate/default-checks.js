import { parseKql } from "../kql/parser.js";
import { contentCheck } from "./conventions/content.js";
import { kibanaCrossFieldCheck } from "./conventions/kibana-cross-field.js";
import { metadataCheck } from "./conventions/metadata.js";
import { scheduleCheck } from "./conventions/schedule.js";
import { tagCheck } from "./conventions/tags.js";
import { loadMitreCatalog } from "./mitre/catalog.js";
import { mitreCheck } from "./mitre/checks.js";
import { kqlSyntaxCheck } from "./stages/kql.js";
import { schemaCheck } from "./stages/schema.js";
/** The per-rule checks `dac validate` runs, in order: schema, KQL, fields, MITRE, conventions. */
export function defaultRuleChecks(options = {}) {
    const mitre = options.mitre ?? loadMitreCatalog();
    return [
        schemaCheck,
        kqlSyntaxCheck((query) => parseKql(query)),
        ...(options.fieldChecks ?? []),
        mitreCheck(mitre),
        tagCheck(mitre),
        scheduleCheck(options.now ?? Date.now()),
        contentCheck,
        kibanaCrossFieldCheck,
        metadataCheck,
    ];
}
