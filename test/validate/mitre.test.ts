import { describe, expect, it } from "vitest";
import { loadMitreCatalog, mitreReference, replacementOf } from "../../src/validate/mitre/catalog.js";
import { mitreCheck } from "../../src/validate/mitre/checks.js";
import { codes, runCheck, VALID_RULE, variant } from "./helpers.js";

const catalog = loadMitreCatalog();
const check = mitreCheck(catalog);

describe("MITRE catalog", () => {
  it("holds ATT&CK ids, names, tactic membership and redirects", () => {
    expect(catalog.tactics.TA0006.name).toBe("Credential Access");
    expect(catalog.subtechniques["T1552.005"]).toEqual({
      name: "Cloud Instance Metadata API",
      technique: "T1552",
      tactics: ["TA0006"],
    });
    expect(catalog.techniques.T1078.tactics).toContain("TA0001");
  });

  it("derives reference URLs from ids", () => {
    expect(mitreReference("TA0004")).toBe("https://attack.mitre.org/tactics/TA0004/");
    expect(mitreReference("T1110")).toBe("https://attack.mitre.org/techniques/T1110/");
    expect(mitreReference("T1110.003")).toBe("https://attack.mitre.org/techniques/T1110/003/");
  });

  it("follows redirect chains to a current id", () => {
    expect(replacementOf(catalog, "T1547.011")).toBe("T1647");
    expect(replacementOf(catalog, "T1150")).toBe("T1647");
    expect(replacementOf(catalog, "T1098")).toBeUndefined();
  });
});

describe("mitreCheck", () => {
  it("accepts a consistent mapping", () => {
    expect(runCheck(check, VALID_RULE)).toEqual([]);
  });

  it("reports malformed ids at the id key", () => {
    const findings = runCheck(check, variant(['id = "T1098"', 'id = "t1098"']));
    expect(codes(findings)).toEqual(["mitre-id-malformed"]);
    expect(findings[0].line).toBe(VALID_RULE.split("\n").indexOf('id = "T1098"') + 1);
    expect(codes(runCheck(check, variant(['id = "TA0003"', 'id = "TA3"'])))).toEqual(["mitre-id-malformed"]);
    expect(codes(runCheck(check, variant(['id = "T1098.007"', 'id = "T1098.7"'])))).toEqual([
      "mitre-id-malformed",
    ]);
  });

  it("reports unknown ids", () => {
    const findings = runCheck(check, variant(['id = "TA0003"', 'id = "TA0099"']));
    expect(codes(findings)).toEqual(["mitre-id-unknown"]);
  });

  it("reports names and references that do not match the id", () => {
    const findings = runCheck(
      check,
      variant(
        ['name = "Account Manipulation"', 'name = "Account Manipulations"'],
        ['"https://attack.mitre.org/tactics/TA0003/"', '"https://attack.mitre.org/tactics/TA0003"'],
      ),
    );
    expect(codes(findings).sort()).toEqual(["mitre-name-mismatch", "mitre-reference-mismatch"]);
    expect(findings.find((f) => f.code === "mitre-name-mismatch")?.hint).toBe(
      'name = "Account Manipulation"',
    );
  });

  it("reports a technique mapped under a tactic it does not belong to", () => {
    const findings = runCheck(
      check,
      variant(
        ['id = "TA0003"', 'id = "TA0006"'],
        ['name = "Persistence"\nreference', 'name = "Credential Access"\nreference'],
        ["tactics/TA0003/", "tactics/TA0006/"],
      ),
    );
    expect(codes(findings)).toEqual(["mitre-tactic-mismatch"]);
    expect(findings[0].message).toContain("T1098 (Account Manipulation) does not belong to tactic TA0006");
  });

  it("reports a sub-technique under the wrong technique", () => {
    const findings = runCheck(
      check,
      variant(
        ['id = "T1098.007"', 'id = "T1136.001"'],
        ['name = "Additional Local or Domain Groups"', 'name = "Local Account"'],
        ["T1098/007/", "T1136/001/"],
      ),
    );
    expect(codes(findings)).toEqual(["mitre-subtechnique-parent"]);
    expect(findings[0].hint).toContain("T1136");
  });

  it("flags revoked ids with their replacement", () => {
    const findings = runCheck(
      check,
      variant(
        ['id = "T1098.007"', 'id = "T1547.011"'],
        ['id = "T1098"', 'id = "T1547"'],
        ['name = "Account Manipulation"', 'name = "Boot or Logon Autostart Execution"'],
        ['techniques/T1098/"', 'techniques/T1547/"'],
        ['name = "Additional Local or Domain Groups"', 'name = "Plist Modification"'],
        ["T1098/007/", "T1547/011/"],
      ),
    );
    expect(codes(findings)).toEqual(["mitre-id-revoked"]);
    expect(findings[0].message).toContain("replaced by T1647 (Plist File Modification)");
  });

  it("ignores other frameworks and deprecated rules", () => {
    expect(
      runCheck(
        check,
        variant(['framework = "MITRE ATT&CK"', 'framework = "Custom"'], ['id = "T1098"', 'id = "X"']),
      ),
    ).toEqual([]);
    const deprecated = variant(
      ['maturity = "production"', 'maturity = "deprecated"'],
      ['id = "T1098"', 'id = "X"'],
    );
    expect(runCheck(check, deprecated, "rules/_deprecated/admins.toml")).toEqual([]);
  });
});
