/** `logs-*` → `<prefix>logs-*`; `-x*` exclusions and `*`/`_all` stay inside the prefix. */
export function prefixPatterns(patterns, prefix) {
    return patterns
        .flatMap((pattern) => pattern.split(","))
        .map((part) => part.trim())
        .filter((part) => part !== "")
        .map((part, position) => {
        if (part.startsWith("-") && position > 0)
            return `-${prefix}${part.slice(1)}`;
        return part === "_all" ? `${prefix}*` : `${prefix}${part}`;
    });
}
/**
 * The client's search parameters for `request`. `fields` is not sent: hits carry `_source`, which is
 * all dac reads, and the fields section would double every answer.
 */
export function searchParams(request, prefix) {
    const { index, fields: _fields, ...body } = request;
    return {
        index: prefixPatterns(index, prefix),
        // As Kibana's detection engine: patterns that match nothing give no hits rather than an error.
        ignore_unavailable: true,
        allow_no_indices: true,
        ...body,
    };
}
/** A hit as dac's engines give it: `_index`, `_id`, `_source` and `sort` (no scores, no metadata). */
function restoreHit(hit, restorer) {
    const clusterIndex = String(hit._index);
    const restored = { _index: restorer.indexName(clusterIndex), _id: hit._id };
    if (hit._source && typeof hit._source === "object") {
        const source = { ...hit._source };
        for (const field of restorer.addedFields(clusterIndex, String(hit._id)) ?? [])
            delete source[field];
        restored._source = source;
    }
    if (hit.sort !== undefined)
        restored.sort = hit.sort;
    return restored;
}
function isHit(value) {
    return typeof value._index === "string" && "_id" in value;
}
/** Restores hits wherever they appear (top_hits inside aggregations too). */
function restoreDeep(value, restorer) {
    if (Array.isArray(value))
        return value.map((element) => restoreDeep(element, restorer));
    if (value === null || typeof value !== "object")
        return value;
    const object = value;
    if (isHit(object))
        return restoreHit(object, restorer);
    return Object.fromEntries(Object.entries(object).map(([key, child]) => [key, restoreDeep(child, restorer)]));
}
/** The cluster's answer in dac's names, with only the parts `SearchResponse` describes. */
export function restoreResponse(response, restorer) {
    const hits = response.hits;
    const total = typeof hits.total === "number" ? { value: hits.total, relation: "eq" } : hits.total;
    const restored = {
        hits: {
            total: total ?? { value: hits.hits.length, relation: "eq" },
            hits: hits.hits.map((hit) => restoreHit(hit, restorer)),
        },
    };
    if (response.aggregations) {
        restored.aggregations = restoreDeep(response.aggregations, restorer);
    }
    return restored;
}
