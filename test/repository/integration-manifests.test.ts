import { describe, expect, it } from "vitest";
import {
  type IntegrationManifests,
  relatedIntegrationVersion,
  satisfiesKibanaRange,
} from "../../src/repository/integration-manifests.js";

const kibana = (version: string) => ({ conditions: { kibana: { version } } });
const manifests: IntegrationManifests = {
  aws: {
    "1.5.0": kibana("^7.16.0 || ^8.0.0"),
    "2.0.0": kibana("^8.4.0"),
    "2.3.1": kibana("^8.7.1"),
    "3.1.0": kibana("^8.19.4 || ~9.0.7 || ^9.1.4"),
    "3.2.0": kibana("^9.2.0"),
  },
};

describe("Kibana version conditions of integration packages", () => {
  it("ORs clauses and ANDs the constraints inside one", () => {
    expect(satisfiesKibanaRange([9, 0, 8], "^8.19.4 || ~9.0.7 || ^9.1.4")).toBe(true);
    expect(satisfiesKibanaRange([9, 1, 0], "^8.19.4 || ~9.0.7 || ^9.1.4")).toBe(false);
    expect(satisfiesKibanaRange([8, 10, 0], ">=8.9.0 <8.11.0")).toBe(true);
    expect(satisfiesKibanaRange([8, 11, 0], ">=8.9.0 <8.11.0")).toBe(false);
  });
});

describe("related_integrations versions", () => {
  it("takes the oldest version of the newest major that installs on the stack, >= from 9.5 on", () => {
    expect(relatedIntegrationVersion(manifests, "aws", "9.6")).toBe(">=3.1.0");
    expect(relatedIntegrationVersion(manifests, "aws", "9.1.4")).toBe("^3.1.0");
    expect(relatedIntegrationVersion(manifests, "aws", "8.18")).toBe("^2.0.0");
  });

  it("has none for a package or stack the manifests do not cover", () => {
    expect(relatedIntegrationVersion(manifests, "okta", "9.6")).toBeUndefined();
    expect(relatedIntegrationVersion(manifests, "aws", "7.10")).toBeUndefined();
  });
});
