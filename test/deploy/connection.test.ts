import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config.js";
import { resolveConnection } from "../../src/deploy/connection.js";

const noConfig = { environments: {} };
const CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const read = (path: string) => {
  if (path === "/ca.pem") return CA;
  throw Object.assign(new Error("nope"), { code: "ENOENT" });
};

describe("resolveConnection", () => {
  it("reads KIBANA_* variables", () => {
    const { connection } = resolveConnection(
      {},
      { KIBANA_URL: "https://kibana.example.com:5601/", KIBANA_API_KEY: "k3y", KIBANA_SPACE: "soc" },
      noConfig,
      read,
    );
    expect(connection).toMatchObject({
      baseUrl: "https://kibana.example.com:5601",
      spaces: ["soc"],
      auth: { kind: "apiKey", apiKey: "k3y" },
      enabledDefault: false,
    });
  });

  it("uses a named environment's url, spaces, variable names, CA and enabled default; flags win", () => {
    const config = parseConfig(
      {
        environments: {
          prod: {
            url: "https://prod.example.com",
            spaces: ["a", "b"],
            username_env: "PROD_USER",
            password_env: "PROD_PASS",
            ca: "/ca.pem",
            enabled: true,
          },
        },
      },
      "/repo/dac.config.yaml",
    );
    const env = { PROD_USER: "deployer", PROD_PASS: "pw" };
    const { connection } = resolveConnection({ env: "prod" }, env, config, read);
    expect(connection).toMatchObject({
      baseUrl: "https://prod.example.com",
      spaces: ["a", "b"],
      auth: { kind: "basic", username: "deployer", password: "pw" },
      ca: CA,
      enabledDefault: true,
    });
    expect(resolveConnection({ env: "prod", spaces: ["c"] }, env, config, read).connection.spaces).toEqual([
      "c",
    ]);
    expect(() => resolveConnection({ env: "prod" }, {}, config, read)).toThrow(/PROD_USER\/PROD_PASS/);
    expect(() => resolveConnection({ env: "staging" }, env, config, read)).toThrow(
      /unknown environment "staging" in \/repo\/dac.config.yaml; known: prod/,
    );
  });

  it("refuses user info in the URL without echoing it", () => {
    const attempt = () =>
      resolveConnection({ url: "https://elastic:hunter22@kibana.example.com" }, {}, noConfig, read);
    expect(attempt).toThrow(/credentials in the Kibana URL are not accepted/);
    expect(() => attempt()).not.toThrow(/hunter22/);
  });

  it("rejects bad space ids, unreadable CA files and missing URLs", () => {
    expect(() => resolveConnection({ url: "https://k", spaces: ["Soc Team"] }, {}, noConfig, read)).toThrow(
      /invalid space id/,
    );
    expect(() => resolveConnection({ url: "https://k", ca: "/missing.pem" }, {}, noConfig, read)).toThrow(
      /cannot read CA file/,
    );
    expect(() => resolveConnection({}, {}, noConfig, read)).toThrow(/no Kibana URL/);
    expect(() => resolveConnection({ url: "https://k/s/soc" }, {}, noConfig, read)).toThrow(/not in the URL/);
  });

  it("warns about plain http to a remote host and about missing credentials", () => {
    expect(
      resolveConnection({ url: "http://kibana.internal" }, { KIBANA_API_KEY: "x1234" }, noConfig, read)
        .warnings,
    ).toEqual(["http://kibana.internal is plain http: credentials travel unencrypted"]);
    expect(resolveConnection({ url: "http://localhost:5601" }, {}, noConfig, read).warnings[0]).toMatch(
      /no credentials/,
    );
  });
});
