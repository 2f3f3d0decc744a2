/**
 * new_terms and threshold fields, from either the TOML layout (`[rule.new_terms] value = [...]`) or the
 * Kibana API layout (`new_terms_fields = [...]`); threshold `field` may be a string or a list.
 */
export function ruleAggregationFields(rule) {
    const refs = [];
    const newTerms = rule.new_terms;
    if (newTerms && typeof newTerms === "object" && Array.isArray(newTerms.value)) {
        newTerms.value.forEach((field, i) => {
            if (typeof field === "string")
                refs.push({ field, path: ["rule", "new_terms", "value", i], role: "new_terms" });
        });
    }
    if (Array.isArray(rule.new_terms_fields)) {
        rule.new_terms_fields.forEach((field, i) => {
            if (typeof field === "string")
                refs.push({ field, path: ["rule", "new_terms_fields", i], role: "new_terms" });
        });
    }
    const threshold = rule.threshold;
    if (threshold && typeof threshold === "object") {
        if (typeof threshold.field === "string" && threshold.field !== "") {
            refs.push({ field: threshold.field, path: ["rule", "threshold", "field"], role: "threshold" });
        }
        else if (Array.isArray(threshold.field)) {
            threshold.field.forEach((field, i) => {
                if (typeof field === "string")
                    refs.push({ field, path: ["rule", "threshold", "field", i], role: "threshold" });
            });
        }
        if (Array.isArray(threshold.cardinality)) {
            threshold.cardinality.forEach((entry, i) => {
                const field = entry?.field;
                if (typeof field === "string") {
                    refs.push({
                        field,
                        path: ["rule", "threshold", "cardinality", i, "field"],
                        role: "threshold_cardinality",
                    });
                }
            });
        }
    }
    return refs;
}
/** `[metadata] integration` as a list of names. */
export function metadataIntegrations(metadata) {
    const value = metadata?.integration;
    if (typeof value === "string")
        return [value];
    return Array.isArray(value) ? value.filter((v) => typeof v === "string") : [];
}
export function ruleIndexPatterns(rule) {
    return Array.isArray(rule.index) ? rule.index.filter((v) => typeof v === "string") : undefined;
}
