/**
 * The field list KQL translation consults, like a Kibana data view: each field's Elasticsearch type and, for fields
 * inside `nested` objects, the nested path. Field order matters: a field-name wildcard expands in this order.
 */
import { WILDCARD_MARKER } from "./ast.js";
export function dataViewFields(fields) {
    return Object.entries(fields).map(([name, spec]) => typeof spec === "string"
        ? { name, esType: spec }
        : { name, esType: spec?.type ?? "", ...(spec?.nested_path ? { nestedPath: spec.nested_path } : {}) });
}
/** Kibana's field type `date` covers both Elasticsearch date types. */
export function isDateField(field) {
    return field.esType === "date" || field.esType === "date_nanos";
}
/** Kibana uses term/wildcard only when the field's Elasticsearch types are exactly `["keyword"]`. */
export function isKeywordField(field) {
    return field.esType === "keyword";
}
/**
 * The data-view fields a (full) field-name node selects: the one field with exactly that name, or, for a wildcard
 * name, every field whose whole name matches (`*` = any run of characters, case-sensitive).
 */
export function selectFields(name, fields) {
    if (name.type === "wildcard") {
        const pattern = new RegExp(`^${name.value.split(WILDCARD_MARKER).map(escapeRegExp).join("[\\s\\S]*")}$`);
        return fields.filter((field) => typeof field.name === "string" && pattern.test(field.name));
    }
    return fields.filter((field) => field.name === name.value).slice(0, 1);
}
/** The name sent to Elasticsearch when no data-view field matched: the text itself, stars kept. */
export function pseudoField(name) {
    const value = name.type === "wildcard" ? name.value.split(WILDCARD_MARKER).join("*") : name.value;
    return { name: value ?? "null", esType: "" };
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
