/** Every field a KQL query names, with where it is written and what it is compared against. */
import { isLoneWildcard, plainValue, WILDCARD_MARKER, } from "./ast.js";
/** Field references in source order. Free text and the match-all `*:*` name no field and are left out. */
export function kqlFieldReferences(node) {
    const found = [];
    collect(node, undefined, found);
    return found;
}
function collect(node, nestedPath, found) {
    switch (node.function) {
        case "and":
        case "or":
        case "not":
            for (const child of node.arguments)
                collect(child, nestedPath, found);
            return;
        case "is": {
            const [field, value] = node.arguments;
            if (field.value === null || (isLoneWildcard(field) && isLoneWildcard(value)))
                return;
            const kind = isLoneWildcard(value) ? "exists" : "is";
            found.push({
                ...fieldPart(field, nestedPath, kind),
                ...(kind === "is" ? { value: valuePart(value) } : {}),
            });
            return;
        }
        case "range": {
            const [field, operator, value] = node.arguments;
            found.push({ ...fieldPart(field, nestedPath, "range"), operator, value: valuePart(value) });
            return;
        }
        case "exists":
            found.push(fieldPart(node.arguments[0], nestedPath, "exists"));
            return;
        case "nested": {
            const [path, child] = node.arguments;
            const reference = fieldPart(path, nestedPath, "nested");
            found.push(reference);
            collect(child, reference.field, found);
            return;
        }
    }
}
function fieldPart(name, nestedPath, kind) {
    const written = String(plainValue(name));
    return {
        field: nestedPath ? `${nestedPath}.${written}` : written,
        start: name.start,
        end: name.end,
        kind,
        wildcardField: name.type === "wildcard" && name.value.includes(WILDCARD_MARKER),
        ...(nestedPath ? { nestedPath } : {}),
    };
}
function valuePart(node) {
    return {
        value: plainValue(node),
        quoted: node.type === "literal" && node.isQuoted,
        wildcard: node.type === "wildcard",
        start: node.start,
        end: node.end,
    };
}
