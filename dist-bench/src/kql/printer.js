/**
 * KQL tree -> KQL text in Kibana's canonical layout (`toKqlExpression`): every and/or in parentheses joined by
 * ` AND ` / ` OR `, `NOT x`, `field: value`, `field > value`, `path: { query }`.
 *
 * Kibana's own escaping does not always parse back to the same query: it writes `\not` (which reads as newline +
 * "ot"), leaves `{` `}` unescaped, escapes wildcard values with query_string rules (`\-` is a KQL syntax error) and
 * misses a keyword right after another one. By default this printer escapes so that the output always parses back
 * to the same tree; `{ kibana: true }` reproduces Kibana's text byte for byte instead. The two differ only where
 * Kibana's text would not parse back.
 */
import { WILDCARD_MARKER } from "./ast.js";
const RANGE_SYMBOLS = { gt: ">", gte: ">=", lt: "<", lte: "<=" };
export function printKql(node, options = {}) {
    const print = (child) => printKql(child, options);
    switch (node.type) {
        case "literal":
            return printLiteral(node, options);
        case "wildcard":
            return options.kibana
                ? queryStringEscape(node.value)
                : escapeUnquoted(node.value.split(WILDCARD_MARKER));
    }
    switch (node.function) {
        case "and":
            return `(${node.arguments.map(print).join(" AND ")})`;
        case "or":
            return `(${node.arguments.map(print).join(" OR ")})`;
        case "not":
            return `NOT ${print(node.arguments[0])}`;
        case "is": {
            const [field, value] = node.arguments;
            return field.value === null ? print(value) : `${print(field)}: ${print(value)}`;
        }
        case "range": {
            const [field, operator, value] = node.arguments;
            return `${print(field)} ${RANGE_SYMBOLS[operator]} ${print(value)}`;
        }
        case "exists":
            return `${printLiteral(node.arguments[0], options)}: *`;
        case "nested": {
            const [path, child] = node.arguments;
            // Kibana prints the path as a literal even when it is a wildcard (markers and all).
            const pathText = options.kibana ? printLiteral(asLiteral(path), options) : print(path);
            return `${pathText}: { ${print(child)} }`;
        }
    }
}
function printLiteral(node, options) {
    const text = `${node.value}`;
    if (node.isQuoted)
        return `"${text.replace(/[\\"]/g, "\\$&")}"`;
    return options.kibana ? kibanaEscape(text) : escapeUnquoted([text]);
}
function asLiteral(node) {
    return node.type === "literal"
        ? node
        : { type: "literal", value: node.value, isQuoted: false, start: 0, end: 0 };
}
/** Kibana's `escapeKuery`. */
function kibanaEscape(text) {
    return text
        .replace(/[\\():<>"*]/g, "\\$&")
        .replace(/(\s+)(and|or)(\s+)/gi, "$1\\$2$3")
        .replace(/not(\s+)/gi, "\\$&")
        .replace(/\t/g, "\\t")
        .replace(/\r/g, "\\r")
        .replace(/\n/g, "\\n");
}
/** Kibana's wildcard printing: query_string escaping of each part, markers as `*`. */
function queryStringEscape(value) {
    return value
        .split(WILDCARD_MARKER)
        .map((part) => part.replace(/[+\-=&|><!(){}[\]^"~*?:\\/]/g, "\\$&"))
        .join("*");
}
const WILDCARD = Symbol("wildcard");
const ESCAPED_CONTROL = { "\t": "\\t", "\r": "\\r", "\n": "\\n" };
/**
 * Unquoted-literal escaping that parses back to the same value wherever the literal sits: special characters and
 * control whitespace are backslash-escaped, and keyword-shaped words are escaped (`\and`, `\or`, `\Not`; a
 * lowercase `not` as `\u006eot`, because `\n` would read as a newline). The parts are the text
 * between wildcards, which print as `*`.
 */
function escapeUnquoted(parts) {
    // An escaped tab trims away: the only unquoted spelling of the empty string (e.g. parsed from `\u0020`).
    if (parts.length === 1 && parts[0] === "")
        return "\\t";
    const units = parts.flatMap((part, i) => (i === 0 ? [...part] : [WILDCARD, ...part]));
    let out = "";
    for (let i = 0; i < units.length; i++) {
        const unit = units[i];
        if (unit === WILDCARD) {
            out += "*";
            continue;
        }
        const word = keywordAt(units, i);
        if (word !== undefined) {
            out += word.startsWith("n") ? `\\u006e${word.slice(1)}` : `\\${word}`;
            i += word.length - 1;
        }
        else if (ESCAPED_CONTROL[unit] !== undefined) {
            out += ESCAPED_CONTROL[unit];
        }
        else {
            out += '\\():<>"*{}'.includes(unit) ? `\\${unit}` : unit;
        }
    }
    return out;
}
/**
 * The keyword starting at `i` that could end the literal when read back: `and`/`or` after a raw space, `not`
 * anywhere, in each case followed by a raw space or the end of the value (the printer may put a space there).
 */
function keywordAt(units, i) {
    for (const keyword of ["and", "or", "not"]) {
        const slice = units.slice(i, i + keyword.length);
        if (slice.some((unit) => unit === WILDCARD))
            continue;
        const written = slice.join("");
        if (written.toLowerCase() !== keyword)
            continue;
        const after = units[i + keyword.length];
        if (after !== undefined && !isRawSpace(after))
            continue;
        if (keyword !== "not" && !isRawSpace(units[i - 1]))
            continue;
        return written;
    }
    return undefined;
}
function isRawSpace(unit) {
    return unit === " " || unit === "\u00a0";
}
