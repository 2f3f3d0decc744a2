import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";

const root = resolve(import.meta.dirname, "../..");

describe("dac show", () => {
  it("prints the _eql/search request an EQL rule's execution sends", async () => {
    const run = await runDac(
      [
        "show",
        "rules/execution_office_child_process_network_connection.toml",
        "--at",
        "2025-01-15T12:00:00Z",
      ],
      { cwd: root },
    );
    expect(run.code).toBe(0);
    const request = JSON.parse(run.stdout);
    expect(request).toMatchObject({
      endpoint: "_eql/search",
      index: ["logs-endpoint.events.process-*", "logs-endpoint.events.network-*"],
      allow_no_indices: true,
      body: { size: 100, allow_partial_search_results: true },
    });
    expect(request.body.query).toMatch(/^sequence by host\.id, process\.entity_id with maxspan=1m/);
    expect(request.body.filter.bool.filter[0]).toEqual({
      range: {
        "@timestamp": {
          gte: "2025-01-15T11:51:00.000Z",
          lte: "2025-01-15T12:00:00.000Z",
          format: "strict_date_optional_time",
        },
      },
    });
  });

  it("prints the search request of a query-language rule as before", async () => {
    const run = await runDac(
      ["show", "rules/aws_ec2_admin_credential_fetch.toml", "--at", "2025-01-15T12:00:00Z"],
      { cwd: root },
    );
    expect(run.code).toBe(0);
    const request = JSON.parse(run.stdout);
    expect(request).toMatchObject({ ignore_unavailable: true, allow_no_indices: true });
    expect(request).not.toHaveProperty("endpoint");
    expect(request.body.query.bool.filter).toHaveLength(2);
  });
});
