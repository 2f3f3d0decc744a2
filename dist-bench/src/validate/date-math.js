/**
 * Elasticsearch date math as rules use it (`now-6m`, `now-30d/d`, absolute ISO dates) and rule intervals
 * (`5m`). Only what comparisons between rule time settings need: everything resolves to milliseconds
 * relative to `now`.
 */
const UNIT_MS = {
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    H: 3_600_000,
    d: 86_400_000,
    w: 7 * 86_400_000,
    // Months and years vary in length; date math comparisons here only need an order, so averages do.
    M: 30 * 86_400_000,
    y: 365 * 86_400_000,
};
const RELATIVE = /^now((?:[+-]\d+[smhHdwMy])*)(?:\/[smhHdwMy])?$/;
const STEP = /([+-])(\d+)([smhHdwMy])/g;
/** Offset from `now` in ms (negative = past), or undefined when `expression` is not date math. */
export function dateMathOffset(expression, now) {
    const text = expression.trim();
    const relative = RELATIVE.exec(text);
    if (relative) {
        let offset = 0;
        for (const [, sign, amount, unit] of relative[1].matchAll(STEP)) {
            offset += (sign === "-" ? -1 : 1) * Number(amount) * UNIT_MS[unit];
        }
        return offset;
    }
    const absolute = text.includes("||") ? text.slice(0, text.indexOf("||")) : text;
    if (!/^\d{4}-\d{2}-\d{2}/.test(absolute))
        return undefined;
    const time = Date.parse(absolute);
    return Number.isNaN(time) ? undefined : time - now;
}
/** Length of a rule interval such as `5m` or `1h` in ms, or undefined when malformed. */
export function intervalMs(interval) {
    const match = /^(\d+)([smhd])$/.exec(interval.trim());
    return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
}
/** Human form of a duration for messages: 6m, 1h30m, 2d. */
export function formatDuration(ms) {
    const sign = ms < 0 ? "-" : "";
    let rest = Math.abs(Math.round(ms / 1000));
    const parts = [];
    for (const [unit, seconds] of [
        ["d", 86_400],
        ["h", 3_600],
        ["m", 60],
        ["s", 1],
    ]) {
        if (rest >= seconds) {
            parts.push(`${Math.floor(rest / seconds)}${unit}`);
            rest %= seconds;
        }
    }
    return sign + (parts.join("") || "0s");
}
