import { applySpacePlan, spaceSucceeded } from "./apply.js";
import { planSpace } from "./plan.js";
/** Plans and (unless dry-run) applies the local rules to each space in turn; one failing space does not stop the rest. */
export async function deploy(client, local, spaces, options) {
    const reports = [];
    for (const space of spaces) {
        let plan;
        try {
            const deployed = await client.findRules(space);
            plan = planSpace(space, local, deployed, options);
        }
        catch (error) {
            reports.push({ space, error: `cannot read space "${space}": ${error.message}` });
            continue;
        }
        options.onPlan?.(plan);
        if (options.dryRun) {
            reports.push({ space, plan });
            continue;
        }
        const result = await applySpacePlan(client, plan, {
            applyDefaults: options.applyDefaults,
            onProgress: (done, total) => options.onProgress?.(space, done, total),
        });
        reports.push({ space, plan, result });
    }
    return reports;
}
/** True when every space was read and (unless dry-run) every change applied and verified. */
export function deploySucceeded(reports, dryRun) {
    return reports.every((report) => {
        if (report.error || !report.plan)
            return false;
        if (dryRun)
            return report.plan.entries.every((entry) => entry.action !== "conflict");
        return report.result !== undefined && spaceSucceeded(report.result);
    });
}
