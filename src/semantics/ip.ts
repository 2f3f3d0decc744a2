/**
 * IP addresses as Elasticsearch's `ip` type holds them: one 128-bit number per address, IPv4 stored as
 * IPv4-mapped IPv6 (::ffff:a.b.c.d), so v4 and v6 sort and compare together.
 */

/** ::ffff:0.0.0.0 (below 2^53, so a v4-mapped address is computed exactly as a number). */
const V4_MAPPED_OFFSET = 0xffff * 2 ** 32;
const MAX = (1n << 128n) - 1n;

/** A dotted quad as a 32-bit number: four parts of one to three digits, each at most 255. */
function parseV4(text: string): bigint | undefined {
  const value = parseV4Number(text);
  return value === undefined ? undefined : BigInt(value);
}

// A character loop rather than split and regexes: documents can hold hundreds of thousands of addresses.
function parseV4Number(text: string): number | undefined {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i === text.length ? 0x2e : text.charCodeAt(i);
    if (code === 0x2e) {
      if (digits === 0 || part > 255 || ++parts > 4) return undefined;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (code >= 0x30 && code <= 0x39 && ++digits <= 3) {
      part = part * 10 + (code - 0x30);
    } else {
      return undefined;
    }
  }
  return parts === 4 ? value : undefined;
}

function parseV6(text: string): bigint | undefined {
  let body = text;
  const zone = body.indexOf("%");
  if (zone !== -1) body = body.slice(0, zone);
  let tail: bigint[] = [];
  const lastColon = body.lastIndexOf(":");
  if (body.includes(".")) {
    const v4 = parseV4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    const prefix = body.slice(0, lastColon + 1);
    body = prefix.endsWith("::") ? prefix : prefix.slice(0, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): bigint[] | undefined => {
    if (part === "") return [];
    const groups = part.split(":");
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return groups.map((g) => BigInt(Number.parseInt(g, 16)));
  };
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !rest) return undefined;
  const explicit = [...head, ...rest, ...tail];
  let groups: bigint[];
  if (halves.length === 2) {
    if (explicit.length > 7) return undefined;
    groups = [...head, ...new Array<bigint>(8 - explicit.length).fill(0n), ...rest, ...tail];
  } else {
    groups = explicit;
  }
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** The address as a 128-bit number, or undefined when `text` is not an IP address. */
export function parseIp(text: string): bigint | undefined {
  if (text.includes(":")) return parseV6(text);
  const v4 = parseV4Number(text);
  return v4 === undefined ? undefined : BigInt(V4_MAPPED_OFFSET + v4);
}

/** A CIDR block as an inclusive range of addresses; a v4 prefix length counts v4 bits. */
export function parseCidr(text: string): { from: bigint; to: bigint } | undefined {
  const slash = text.indexOf("/");
  if (slash === -1) return undefined;
  const address = parseIp(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,3}$/.test(lengthText)) return undefined;
  const isV4 = !text.slice(0, slash).includes(":");
  const prefix = Number(lengthText) + (isV4 ? 96 : 0);
  if (prefix > 128) return undefined;
  const hostBits = BigInt(128 - prefix);
  const mask = (MAX >> hostBits) << hostBits;
  const from = address & mask;
  return { from, to: from | (MAX ^ mask) };
}

/** Elasticsearch's rendering: dotted quad for v4-mapped addresses, RFC 5952 compressed form otherwise. */
export function formatIp(value: bigint): string {
  if (value >> 32n === 0xffffn) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
