const SIMPLE_ESCAPES = {
    b: "\b",
    t: "\t",
    n: "\n",
    f: "\f",
    r: "\r",
    e: "\x1b",
    '"': '"',
    "\\": "\\",
};
/** The string form starting at `start` (which must be at a quote), judged by its opening delimiter. */
export function stringKindAt(text, start) {
    const quote = text[start];
    const multiline = text.startsWith(quote.repeat(3), start);
    if (quote === '"')
        return multiline ? "ml-basic" : "basic";
    return multiline ? "ml-literal" : "literal";
}
/**
 * Decodes the TOML string whose opening delimiter starts at `start`. The text is assumed to have been
 * accepted by the TOML parser already; on anything unexpected it stops at the end of the text instead of failing.
 */
export function decodeString(text, start) {
    const kind = stringKindAt(text, start);
    const quote = text[start];
    const multiline = kind === "ml-basic" || kind === "ml-literal";
    const escapes = kind === "basic" || kind === "ml-basic";
    let pos = start + (multiline ? 3 : 1);
    if (multiline) {
        // A newline right after the opening delimiter is not part of the value.
        if (text[pos] === "\n")
            pos += 1;
        else if (text[pos] === "\r" && text[pos + 1] === "\n")
            pos += 2;
    }
    let value = "";
    const rawOffsets = [];
    const push = (chars, offset) => {
        value += chars;
        for (let i = 0; i < chars.length; i++)
            rawOffsets.push(offset);
    };
    while (pos < text.length) {
        const char = text[pos];
        if (char === quote) {
            if (!multiline)
                break;
            let run = 0;
            while (text[pos + run] === quote)
                run += 1;
            if (run >= 3) {
                // Up to two quotes right before the closing delimiter belong to the value.
                for (let i = 0; i < run - 3; i++)
                    push(quote, pos + i);
                pos += run - 3;
                break;
            }
            for (let i = 0; i < run; i++)
                push(quote, pos + i);
            pos += run;
            continue;
        }
        if (!multiline && char === "\n")
            break;
        if (multiline && char === "\r" && text[pos + 1] === "\n") {
            // The loader parses with CRLF newlines normalized to LF, so a CRLF is one value character.
            push("\n", pos);
            pos += 2;
            continue;
        }
        if (escapes && char === "\\") {
            pos = decodeEscape(text, pos, multiline, push);
            continue;
        }
        push(char, pos);
        pos += 1;
    }
    rawOffsets.push(pos);
    return { value, rawOffsets, end: Math.min(text.length, pos + (multiline ? 3 : 1)) };
}
/** Decodes one backslash escape at `pos` and returns the offset after it. */
function decodeEscape(text, pos, multiline, push) {
    const next = text[pos + 1];
    if (next !== undefined && next in SIMPLE_ESCAPES) {
        push(SIMPLE_ESCAPES[next], pos);
        return pos + 2;
    }
    const hexLength = next === "u" ? 4 : next === "U" ? 8 : next === "x" ? 2 : 0;
    if (hexLength > 0) {
        const codePoint = Number.parseInt(text.slice(pos + 2, pos + 2 + hexLength), 16);
        push(Number.isNaN(codePoint) || codePoint > 0x10ffff ? "" : String.fromCodePoint(codePoint), pos);
        return pos + 2 + hexLength;
    }
    if (multiline) {
        // A backslash ending a line swallows the newline and all whitespace that follows it.
        let after = pos + 1;
        while (text[after] === " " || text[after] === "\t")
            after += 1;
        if (text[after] === "\n" || (text[after] === "\r" && text[after + 1] === "\n")) {
            while (after < text.length && /[ \t\r\n]/.test(text[after]))
                after += 1;
            return after;
        }
    }
    push("\\", pos);
    return pos + 1;
}
