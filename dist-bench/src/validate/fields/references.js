import { plainValue } from "../../kql/ast.js";
/** Every field:value and range clause of a KQL tree, in source order. Free text (no field) is left out. */
export function queryFieldUses(ast) {
    const uses = [];
    const visit = (node, nestedPath) => {
        if (node.type !== "function")
            return;
        switch (node.function) {
            case "and":
            case "or":
            case "not":
                for (const child of node.arguments)
                    visit(child, nestedPath);
                return;
            case "nested": {
                const [path, inner] = node.arguments;
                visit(inner, joinPath(nestedPath, String(plainValue(path))));
                return;
            }
            case "is":
            case "range": {
                const fieldNode = node.arguments[0];
                if (fieldNode.type === "literal" && fieldNode.value === null)
                    return;
                const value = node.function === "is" ? node.arguments[1] : node.arguments[2];
                uses.push({
                    field: joinPath(nestedPath, String(plainValue(fieldNode))),
                    start: fieldNode.start,
                    end: fieldNode.end,
                    kind: node.function,
                    value,
                    ...(node.function === "range" ? { operator: node.arguments[1] } : {}),
                    ...(nestedPath === undefined ? {} : { nestedPath }),
                    fieldIsPattern: fieldNode.type === "wildcard",
                });
                return;
            }
            case "exists":
                return;
        }
    };
    visit(ast, undefined);
    return uses;
}
function joinPath(prefix, name) {
    return prefix === undefined ? name : `${prefix}.${name}`;
}
