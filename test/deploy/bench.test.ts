import { expect, it } from "vitest";
import { benchDeploy } from "./bench.js";

it("deploys 1,000 rules in a handful of requests and re-deploys them with no writes", async () => {
  const result = await benchDeploy(1000);
  console.log(`deploy bench: ${JSON.stringify(result)}`);
  expect(result.first.writes).toBe(1);
  expect(result.first.requests).toBe(3);
  expect(result.unchanged).toMatchObject({ requests: 1, writes: 0 });
});
