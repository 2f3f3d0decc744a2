import { ruleContext } from "./check.js";
import { defaultSetting } from "./codes.js";
import { openCatalog } from "../catalog/catalog.js";
import { defaultRuleChecks } from "./default-checks.js";
import { fieldCheck } from "./fields/rule-check.js";
import { uniquenessCheck } from "./repository.js";
/**
 * Runs the checks over loaded rule files: loader findings, each rule check on each rule, then the repository
 * checks. A check that throws becomes an `internal-error` finding on that file; the other checks still run.
 */
export function validateFiles(files, options) {
    const findings = files.flatMap((file) => file.findings);
    const contexts = files.map(ruleContext).filter((context) => context !== undefined);
    const checks = options.checks ?? defaultRuleChecks({ fieldChecks: [fieldCheck(openCatalog({ fields: options.config.fields }))] });
    contexts.forEach((context, index) => {
        for (const check of checks) {
            findings.push(...guarded(context.file.path, () => check(context)));
        }
        options.onProgress?.(index + 1, contexts.length);
    });
    for (const check of options.repositoryChecks ?? [uniquenessCheck]) {
        findings.push(...guarded(".", () => check(contexts)));
    }
    return {
        files: files.length,
        rules: contexts.length,
        findings: applyConfig(findings, options.config).sort(byPosition),
    };
}
function guarded(file, run) {
    try {
        return run();
    }
    catch (error) {
        return [
            {
                file,
                line: 1,
                column: 1,
                code: "internal-error",
                severity: "error",
                message: `a check failed unexpectedly: ${error?.message ?? String(error)}`,
                hint: "this is a bug in dac; please report it with the rule file",
            },
        ];
    }
}
/** config.checks wins; otherwise a code's default (which may be off); codes dac does not know keep their own. */
export function applyConfig(findings, config) {
    const result = [];
    for (const finding of findings) {
        const setting = config.checks[finding.code] ?? defaultSetting(finding.code);
        if (setting === "off")
            continue;
        result.push(setting === undefined || setting === finding.severity ? finding : { ...finding, severity: setting });
    }
    return result;
}
export function byPosition(a, b) {
    if (a.file !== b.file)
        return a.file < b.file ? -1 : 1;
    return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}
