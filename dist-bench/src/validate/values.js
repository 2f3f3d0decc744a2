/** Small readers for untyped TOML values. */
export function isRecord(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
export function records(value) {
    return Array.isArray(value) ? value.filter(isRecord) : [];
}
export function strings(value) {
    return Array.isArray(value) ? value.filter((item) => typeof item === "string") : [];
}
