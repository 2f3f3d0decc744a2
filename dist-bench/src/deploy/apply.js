/**
 * Applies a space plan.
 *
 * Creates and updates go through `_import?overwrite=true` rather than per-rule POST/PUT:
 * - one request carries up to ~1,000 rules (the legacy `_bulk_create`/`_bulk_update` are gone in 9.x and
 *   `_bulk_action` edit cannot set arbitrary content), so 1,000 rules cost one write instead of 1,000;
 * - overwrite is a full replace by rule_id (PUT semantics since 8.13), so each rule ends up exactly as sent
 *   or untouched, never half-updated, and per-rule failures come back per rule in the response;
 * - replaying the same import converges to the same state, so a lost response can be retried safely,
 *   which a POST create cannot.
 * We always send `version` (import would otherwise reset it) and `enabled`. Import may still apply a rule
 * while reporting an error for it (a dropped exception-list reference), and Kibana may recompute
 * `immutable`; the read-back after the writes catches both.
 *
 * Deletes (`--prune`) use `_bulk_action` delete by saved-object id, which is not idempotent: a lost
 * response is resolved by re-reading the space, never by sending it again.
 */
import { contentOf, diffContent } from "./diff.js";
import { BULK_IDS_MAX, KibanaUnreachableError, OutcomeUnknownError, } from "./kibana-client.js";
import { isPrebuilt } from "./plan.js";
/** Kibana rejects imports over 10 MiB; stay well below, counting the multipart envelope. */
export const IMPORT_MAX_BYTES = 8 * 1024 * 1024;
export const IMPORT_MAX_RULES = 1000;
export async function applySpacePlan(client, plan, options) {
    const results = new Map();
    const set = (entry, outcome, message) => results.set(entry, {
        ruleId: entry.ruleId,
        name: entry.name,
        action: entry.action,
        outcome,
        file: entry.file,
        line: entry.line,
        message,
    });
    for (const entry of plan.entries) {
        if (entry.action === "unchanged")
            set(entry, "unchanged");
        if (entry.action === "conflict")
            set(entry, "failed", entry.message);
    }
    const writes = plan.entries.filter((e) => e.action === "create" || e.action === "update");
    const deletes = plan.entries.filter((e) => e.action === "delete");
    const total = writes.length + deletes.length;
    let done = 0;
    let spaceError;
    for (const batch of importBatches(writes)) {
        if (spaceError) {
            for (const entry of batch)
                set(entry, "failed", `not attempted: ${spaceError}`);
            continue;
        }
        try {
            const response = await client.importRules(plan.space, batch.map((entry) => entry.body));
            const errors = new Map();
            const general = [];
            for (const error of response.errors) {
                const text = `${error.error.message} (HTTP ${error.error.status_code})`;
                if (error.rule_id)
                    errors.set(error.rule_id, [...(errors.get(error.rule_id) ?? []), text]);
                else
                    general.push(text);
            }
            for (const entry of batch) {
                const messages = errors.get(entry.ruleId) ?? general;
                if (messages.length)
                    set(entry, "failed", messages.join("; "));
                else
                    set(entry, "applied");
            }
        }
        catch (error) {
            const message = error.message;
            for (const entry of batch)
                set(entry, "failed", message);
            if (error instanceof KibanaUnreachableError)
                spaceError = message;
        }
        done += batch.length;
        options.onProgress?.(done, total);
    }
    const writeFailed = writes.some((entry) => results.get(entry)?.outcome === "failed");
    if (deletes.length && (writeFailed || spaceError)) {
        for (const entry of deletes) {
            set(entry, "skipped", "not deleted: other changes in this space failed; fix them and deploy again");
        }
    }
    else {
        for (let start = 0; start < deletes.length; start += BULK_IDS_MAX) {
            const batch = deletes.slice(start, start + BULK_IDS_MAX);
            await deleteBatch(client, plan.space, batch, set);
            done += batch.length;
            options.onProgress?.(done, total);
        }
    }
    const verify = plan.entries.filter((e) => results.get(e)?.outcome === "applied");
    if (verify.length)
        await readBack(client, plan.space, verify, options.applyDefaults, set);
    return {
        space: plan.space,
        results: plan.entries.map((entry) => results.get(entry)),
        error: spaceError,
    };
}
async function deleteBatch(client, space, batch, set) {
    try {
        const response = await client.deleteRules(space, batch.map((entry) => entry.remoteId));
        const failed = new Map();
        for (const error of response.errors) {
            for (const rule of error.rules)
                failed.set(rule.id, `${error.message} (HTTP ${error.status_code})`);
        }
        for (const entry of batch) {
            const message = failed.get(entry.remoteId);
            set(entry, message ? "failed" : "applied", message);
        }
    }
    catch (error) {
        if (!(error instanceof OutcomeUnknownError)) {
            for (const entry of batch)
                set(entry, "failed", error.message);
            return;
        }
        // The delete may have happened: find out instead of sending it again.
        let remaining;
        try {
            remaining = new Set((await client.findRules(space)).map((rule) => String(rule.id)));
        }
        catch (reread) {
            for (const entry of batch) {
                set(entry, "failed", `${error.message}; re-reading the space also failed: ${reread.message}`);
            }
            return;
        }
        for (const entry of batch) {
            if (remaining.has(entry.remoteId))
                set(entry, "failed", `${error.message}; the rule is still there`);
            else
                set(entry, "applied");
        }
    }
}
/** Confirms every applied change by reading the space back; a rule that is not as planned is a failure. */
async function readBack(client, space, entries, applyDefaults, set) {
    let deployed;
    try {
        deployed = await client.findRules(space);
    }
    catch (error) {
        for (const entry of entries)
            set(entry, "failed", `applied, but the read-back failed: ${error.message}`);
        return;
    }
    const byRuleId = new Map(deployed.map((rule) => [String(rule.rule_id), rule]));
    for (const entry of entries) {
        const rule = byRuleId.get(entry.ruleId);
        if (entry.action === "delete") {
            if (rule)
                set(entry, "failed", "read-back: the rule is still in the space");
            continue;
        }
        if (!rule) {
            set(entry, "failed", "read-back: the rule is not in the space");
            continue;
        }
        if (isPrebuilt(rule)) {
            set(entry, "failed", "read-back: Kibana recognised this rule_id as an Elastic prebuilt rule");
            continue;
        }
        const changes = diffContent(contentOf(rule, applyDefaults), contentOf(entry.body, applyDefaults));
        if (changes.length) {
            const fields = changes.map((change) => change.field).join(", ");
            set(entry, "failed", `read-back: deployed rule differs from the plan in ${fields}`);
        }
    }
}
/** Splits writes into import requests under Kibana's size and count limits. */
export function importBatches(entries) {
    const batches = [];
    let current = [];
    let bytes = 0;
    for (const entry of entries) {
        const size = Buffer.byteLength(JSON.stringify(entry.body)) + 1;
        if (current.length && (bytes + size > IMPORT_MAX_BYTES - 4096 || current.length >= IMPORT_MAX_RULES)) {
            batches.push(current);
            current = [];
            bytes = 0;
        }
        current.push(entry);
        bytes += size;
    }
    if (current.length)
        batches.push(current);
    return batches;
}
export function spaceSucceeded(result) {
    return !result.error && result.results.every((r) => r.outcome === "applied" || r.outcome === "unchanged");
}
