import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeKibana, startFakeKibana } from "./fake-kibana/server.js";
import { API_KEY, queryRule } from "./helpers.js";

let kibana: FakeKibana;
beforeEach(async () => {
  kibana = await startFakeKibana({ spaces: ["soc"], apiKeys: [API_KEY] });
});
afterEach(async () => {
  await kibana.close();
});

const headers = (extra: Record<string, string | undefined> = {}) =>
  Object.fromEntries(
    Object.entries({
      authorization: `ApiKey ${API_KEY}`,
      "elastic-api-version": "2023-10-31",
      "kbn-xsrf": "true",
      "content-type": "application/json",
      ...extra,
    }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;

async function request(
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string | undefined> = {},
) {
  const response = await fetch(`${kibana.url}${path}`, {
    method,
    headers: headers(extra),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function importForm(lines: unknown[], filename = "rules.ndjson") {
  const form = new FormData();
  form.append("file", new Blob([lines.map((l) => JSON.stringify(l)).join("\n")]), filename);
  return form;
}

describe("fake Kibana", () => {
  it("answers platform errors for auth, kbn-xsrf and the API version", async () => {
    expect(
      await request("GET", "/api/detection_engine/rules/_find", undefined, { authorization: undefined }),
    ).toMatchObject({
      status: 401,
      body: { statusCode: 401, error: "Unauthorized" },
    });
    expect(
      await request("POST", "/api/detection_engine/rules", queryRule(1), { "kbn-xsrf": undefined }),
    ).toEqual({
      status: 400,
      body: { statusCode: 400, error: "Bad Request", message: "Request must contain a kbn-xsrf header." },
    });
    const wrongVersion = await request("GET", "/api/detection_engine/rules/_find", undefined, {
      "elastic-api-version": "2099-01-01",
    });
    expect(wrongVersion.status).toBe(400);
    expect((await request("GET", "/s/nope/api/detection_engine/rules/_find")).status).toBe(404);
  });

  it("creates with server fields and defaults, 409 on a duplicate rule_id, 400 on a schema error", async () => {
    const created = await request("POST", "/s/soc/api/detection_engine/rules", {
      ...queryRule(1),
      unknown_key: 1,
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      rule_id: "rule-0001",
      revision: 0,
      immutable: false,
      rule_source: { type: "internal" },
      enabled: false,
      version: 1,
      interval: "5m",
      created_by: "api-key-owner",
    });
    expect(created.body.unknown_key).toBeUndefined();
    expect(created.body.created_at).toBe(created.body.updated_at);
    expect(await request("POST", "/s/soc/api/detection_engine/rules", queryRule(1))).toEqual({
      status: 409,
      body: { message: 'rule_id: "rule-0001" already exists', status_code: 409 },
    });
    const invalid = await request("POST", "/s/soc/api/detection_engine/rules", {
      ...queryRule(2),
      severity: "extreme",
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toMatch(/^\[request body\]: severity/);
    expect(await request("GET", "/s/soc/api/detection_engine/rules?rule_id=gone")).toEqual({
      status: 404,
      body: { message: 'rule_id: "gone" not found', status_code: 404 },
    });
  });

  it("imports multipart ndjson: 409 without overwrite, replace with it, file name checked", async () => {
    const post = (form: FormData, query = "") =>
      fetch(`${kibana.url}/api/detection_engine/rules/_import${query}`, {
        method: "POST",
        headers: {
          authorization: `ApiKey ${API_KEY}`,
          "elastic-api-version": "2023-10-31",
          "kbn-xsrf": "true",
        },
        body: form,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const first = await post(importForm([queryRule(1), queryRule(2), { exported_count: 2 }]));
    expect(first.body).toMatchObject({ success: true, success_count: 2, rules_count: 2, errors: [] });
    expect(Object.keys(first.body)).toHaveLength(11);
    const again = await post(importForm([queryRule(1, { name: "New" })]));
    expect(again.body.errors).toEqual([
      { rule_id: "rule-0001", error: { status_code: 409, message: "Rule with this rule_id already exists" } },
    ]);
    const overwrite = await post(importForm([queryRule(1, { name: "New" })]), "?overwrite=true");
    expect(overwrite.body.success).toBe(true);
    const stored = kibana.rules().find((r) => r.rule_id === "rule-0001");
    expect(stored).toMatchObject({ name: "New", revision: 1 });
    expect((await post(importForm([queryRule(3)], "rules.json"))).body).toEqual({
      message: "Invalid file extension .json",
      status_code: 400,
    });
  });

  it("pages _find with perPage in the response", async () => {
    for (let i = 0; i < 5; i++) kibana.seedCustom("default", queryRule(i));
    const page = await request(
      "GET",
      "/api/detection_engine/rules/_find?page=2&per_page=2&sort_field=name&sort_order=asc",
    );
    expect(page.body).toMatchObject({ page: 2, perPage: 2, total: 5 });
    expect((page.body.data as { name: string }[]).map((r) => r.name)).toEqual([
      "Suspicious process 2",
      "Suspicious process 3",
    ]);
  });
});
