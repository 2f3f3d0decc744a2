import { defaultSeverity } from "./codes.js";
/** A finding at the TOML key `path` of the rule, with the code's default severity. */
export function findingAt(context, code, path, message, hint) {
    const position = context.file.positionOf(path);
    return {
        file: context.file.path,
        line: position.line,
        column: position.column,
        ...(context.ruleId === undefined ? {} : { rule_id: context.ruleId }),
        code,
        severity: defaultSeverity(code),
        message,
        ...(hint === undefined ? {} : { hint }),
    };
}
/** Builds the context for a parsed rule file; undefined when the file holds no [rule] table. */
export function ruleContext(file) {
    if (!file.rule)
        return undefined;
    const metadata = file.metadata ?? {};
    const ruleId = typeof file.rule.rule_id === "string" ? file.rule.rule_id : undefined;
    return {
        file,
        rule: file.rule,
        metadata,
        ...(ruleId === undefined ? {} : { ruleId }),
        deprecated: metadata.maturity === "deprecated" || inDeprecatedDirectory(file.path),
    };
}
/** detection-rules keeps retired rules under rules/_deprecated/. */
export function inDeprecatedDirectory(path) {
    return /(^|[\\/])_deprecated[\\/]/.test(path);
}
