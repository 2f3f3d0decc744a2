/**
 * IP addresses as Elasticsearch's `ip` type holds them: one 128-bit number per address, IPv4 stored as
 * IPv4-mapped IPv6 (::ffff:a.b.c.d), so v4 and v6 sort and compare together.
 */
const V4_MAPPED_PREFIX = 0xffffn << 32n;
const MAX = (1n << 128n) - 1n;
function parseV4(text) {
    const parts = text.split(".");
    if (parts.length !== 4)
        return undefined;
    let value = 0n;
    for (const part of parts) {
        if (!/^\d{1,3}$/.test(part) || Number(part) > 255)
            return undefined;
        value = (value << 8n) | BigInt(Number(part));
    }
    return value;
}
function parseV6(text) {
    let body = text;
    const zone = body.indexOf("%");
    if (zone !== -1)
        body = body.slice(0, zone);
    let tail = [];
    const lastColon = body.lastIndexOf(":");
    if (body.includes(".")) {
        const v4 = parseV4(body.slice(lastColon + 1));
        if (v4 === undefined)
            return undefined;
        tail = [v4 >> 16n, v4 & 0xffffn];
        const prefix = body.slice(0, lastColon + 1);
        body = prefix.endsWith("::") ? prefix : prefix.slice(0, -1);
    }
    const halves = body.split("::");
    if (halves.length > 2)
        return undefined;
    const parseGroups = (part) => {
        if (part === "")
            return [];
        const groups = part.split(":");
        if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))
            return undefined;
        return groups.map((g) => BigInt(Number.parseInt(g, 16)));
    };
    const head = parseGroups(halves[0]);
    const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
    if (!head || !rest)
        return undefined;
    const explicit = [...head, ...rest, ...tail];
    let groups;
    if (halves.length === 2) {
        if (explicit.length > 7)
            return undefined;
        groups = [...head, ...new Array(8 - explicit.length).fill(0n), ...rest, ...tail];
    }
    else {
        groups = explicit;
    }
    if (groups.length !== 8)
        return undefined;
    return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}
/** The address as a 128-bit number, or undefined when `text` is not an IP address. */
export function parseIp(text) {
    if (text.includes(":"))
        return parseV6(text);
    const v4 = parseV4(text);
    return v4 === undefined ? undefined : V4_MAPPED_PREFIX | v4;
}
/** A CIDR block as an inclusive range of addresses; a v4 prefix length counts v4 bits. */
export function parseCidr(text) {
    const slash = text.indexOf("/");
    if (slash === -1)
        return undefined;
    const address = parseIp(text.slice(0, slash));
    const lengthText = text.slice(slash + 1);
    if (address === undefined || !/^\d{1,3}$/.test(lengthText))
        return undefined;
    const isV4 = !text.slice(0, slash).includes(":");
    const prefix = Number(lengthText) + (isV4 ? 96 : 0);
    if (prefix > 128)
        return undefined;
    const hostBits = BigInt(128 - prefix);
    const mask = (MAX >> hostBits) << hostBits;
    const from = address & mask;
    return { from, to: from | (MAX ^ mask) };
}
/** Elasticsearch's rendering: dotted quad for v4-mapped addresses, RFC 5952 compressed form otherwise. */
export function formatIp(value) {
    if (value >> 32n === 0xffffn) {
        return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
    }
    const groups = [];
    for (let shift = 112n; shift >= 0n; shift -= 16n)
        groups.push(Number((value >> shift) & 0xffffn));
    let bestStart = -1;
    let bestLength = 1;
    for (let start = 0; start < 8; start++) {
        let length = 0;
        while (start + length < 8 && groups[start + length] === 0)
            length++;
        if (length > bestLength) {
            bestStart = start;
            bestLength = length;
        }
    }
    const hex = groups.map((g) => g.toString(16));
    if (bestStart === -1)
        return hex.join(":");
    return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
