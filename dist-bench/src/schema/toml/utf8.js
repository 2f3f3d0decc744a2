const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const lenientDecoder = new TextDecoder("utf-8");
/** Decodes UTF-8 (dropping a byte-order mark); on invalid bytes reports where the first one is. */
export function decodeUtf8(bytes) {
    try {
        return { text: strictDecoder.decode(bytes) };
    }
    catch {
        const offset = firstInvalidByte(bytes);
        const before = lenientDecoder.decode(bytes.subarray(0, offset));
        const lineStart = before.lastIndexOf("\n") + 1;
        return { invalidAt: { line: before.split("\n").length, column: before.length - lineStart + 1 } };
    }
}
/** Byte offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidByte(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const lead = bytes[i];
        const length = sequenceLength(lead);
        if (length === 0)
            return i;
        const [low, high] = secondByteRange(lead);
        for (let k = 1; k < length; k++) {
            const byte = bytes[i + k];
            const inRange = k === 1 ? byte >= low && byte <= high : byte >= 0x80 && byte <= 0xbf;
            if (byte === undefined || !inRange)
                return i;
        }
        i += length;
    }
    return bytes.length;
}
function sequenceLength(lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        return 2;
    if (lead >= 0xe0 && lead <= 0xef)
        return 3;
    if (lead >= 0xf0 && lead <= 0xf4)
        return 4;
    return 0;
}
/** Allowed range of the byte after `lead`; narrower for leads that would allow overlong or surrogate forms. */
function secondByteRange(lead) {
    if (lead === 0xe0)
        return [0xa0, 0xbf];
    if (lead === 0xed)
        return [0x80, 0x9f];
    if (lead === 0xf0)
        return [0x90, 0xbf];
    if (lead === 0xf4)
        return [0x80, 0x8f];
    return [0x80, 0xbf];
}
