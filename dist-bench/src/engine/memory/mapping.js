import { parseDate } from "./dates.js";
import { fieldKind } from "./field-types.js";
const SLASH_DATE_FORMAT = "yyyy/MM/dd HH:mm:ss||yyyy/MM/dd";
/** Elasticsearch's date detection: only strings containing `:`, `-` or `/` are tried as dates. */
function detectDateFormat(text) {
    if (!/[:\-/]/.test(text))
        return undefined;
    for (const format of ["strict_date_optional_time", SLASH_DATE_FORMAT]) {
        try {
            parseDate(text, { format });
            return format === SLASH_DATE_FORMAT ? format : null;
        }
        catch { }
    }
    return undefined;
}
function dynamicSpecs(name, value) {
    const base = { name, source: "dynamic", aggregatable: true };
    if (typeof value === "boolean")
        return [{ ...base, type: "boolean" }];
    if (typeof value === "number")
        return [{ ...base, type: Number.isInteger(value) ? "long" : "float" }];
    const text = String(value);
    const format = detectDateFormat(text);
    if (format !== undefined)
        return [{ ...base, type: "date", ...(format ? { format } : {}) }];
    return [
        { ...base, type: "text", aggregatable: false },
        {
            name: `${name}.keyword`,
            type: "keyword",
            ignoreAbove: 256,
            parent: name,
            source: "dynamic",
            aggregatable: true,
        },
    ];
}
export function createLiveMapping(mapping) {
    const specs = new Map(mapping?.fields ?? []);
    const dynamic = mapping?.dynamic ?? true;
    const children = new Map();
    const objects = new Set();
    const register = (spec) => {
        specs.set(spec.name, spec);
        const parent = spec.parent ? specs.get(spec.parent) : undefined;
        if (parent && isLeaf(parent)) {
            children.set(parent.name, [...(children.get(parent.name) ?? []), spec]);
            return;
        }
        const parts = spec.name.split(".");
        for (let i = 1; i < parts.length; i++)
            objects.add(parts.slice(0, i).join("."));
    };
    for (const spec of [...specs.values()])
        register(spec);
    return {
        get: (name) => specs.get(name),
        multiFields: (name) => children.get(name) ?? [],
        isObject: (name) => objects.has(name) || specs.get(name)?.type === "object",
        addDynamic(name, firstValue) {
            if (!dynamic)
                return undefined;
            const [spec, ...subFields] = dynamicSpecs(name, firstValue);
            register(spec);
            for (const sub of subFields)
                register(sub);
            return spec;
        },
        fields: () => specs.values(),
    };
}
function isLeaf(spec) {
    const kind = fieldKind(spec.type);
    return kind !== "object" && kind !== "nested";
}
