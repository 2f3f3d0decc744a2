import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { tomlRuleToApi, withApiDefaults } from "../../schema/convert.js";
import { toExecutableRule } from "../execution/index.js";
import { FixtureError } from "./fixtures.js";
import { runCase } from "./run-case.js";
import { readTestFile, TestFileError } from "./test-file.js";
/** Finds each rule's test files and runs every case on every engine. */
export async function runRuleTests(options) {
    const result = { rules: 0, untested: [], cases: [], errors: [] };
    for (const ruleFile of options.rules) {
        if (!ruleFile.rule)
            continue;
        result.rules++;
        const folder = join(options.fixturesDir, basename(ruleFile.path, ".toml"));
        const testFiles = existsSync(folder)
            ? readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(folder, name))
            : [];
        if (testFiles.length === 0) {
            result.untested.push(ruleFile.path);
            continue;
        }
        let rule;
        try {
            rule = toExecutableRule(withApiDefaults(tomlRuleToApi(ruleFile.rule)));
        }
        catch (error) {
            result.errors.push({ file: ruleFile.path, line: 0, message: error.message });
            continue;
        }
        for (const path of testFiles) {
            let testFile;
            try {
                testFile = { ...readTestFile(path, ""), rule: ruleFile.path };
            }
            catch (error) {
                result.errors.push(asTestError(error, path));
                continue;
            }
            for (const testCase of testFile.cases) {
                if (options.filter && !testCase.name.includes(options.filter))
                    continue;
                for (const engine of options.engines) {
                    try {
                        const caseResult = await runCase({ testFile, testCase, rule, engine, mappingFor: options.mappingFor, now: options.now, explain: options.explain });
                        result.cases.push(caseResult);
                        options.onCase?.(caseResult, result.cases.length);
                    }
                    catch (error) {
                        result.errors.push({ ...asTestError(error, path), rule: ruleFile.path, case: testCase.name });
                    }
                }
            }
        }
    }
    return result;
}
function asTestError(error, file) {
    if (error instanceof FixtureError || error instanceof TestFileError) {
        return { file: error.file, line: error.line, message: error.message };
    }
    return { file, line: 0, message: error.message ?? String(error) };
}
