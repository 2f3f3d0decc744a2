export const DEFAULT_RETRY = {
    attempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 20_000,
    maxRetryAfterMs: 60_000,
};
/** Statuses that mean "try again later"; 429 and 503 are answered before the request is processed. */
export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
/** Exponential back-off with full jitter, or the server's Retry-After when it sent one. */
export function retryDelay(policy, attempt, random, retryAfter, now) {
    const fromHeader = parseRetryAfter(retryAfter, now);
    if (fromHeader !== undefined)
        return Math.min(fromHeader, policy.maxRetryAfterMs);
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
    return Math.round(random() * ceiling);
}
/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(value, now) {
    if (value === undefined || value.trim() === "")
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    if (Number.isNaN(date))
        return undefined;
    return Math.max(0, date - now);
}
