import { describe, expect, it } from "vitest";
import { parseEql } from "../../src/eql/parser.js";
import { parseKql } from "../../src/kql/parser.js";
import {
  eqlDatasets,
  esqlDatasets,
  kqlDatasets,
  type PackageRelease,
  relatedIntegrations,
} from "../../src/validate/fields/related-integrations.js";

const releases: Record<string, PackageRelease> = {
  aws: { version: ">=3.1.0", policyTemplates: ["cloudtrail", "guardduty"] },
  endpoint: { version: ">=9.0.0", policyTemplates: ["endpoint"] },
  windows: { version: ">=2.0.0", policyTemplates: ["windows"] },
  problemchild: { version: ">=2.1.0", policyTemplates: ["problemchild"] },
};
const release = (pkg: string) => releases[pkg];

describe("related_integrations", () => {
  it("lists the package and data stream of a dataset the query names, not the metadata package alone", () => {
    const datasets = kqlDatasets(parseKql('event.dataset:"aws.cloudtrail" and event.action:Stop*'));
    expect(
      relatedIntegrations({ language: "kuery", metadata: { integration: ["aws"] } }, datasets, release),
    ).toEqual([{ package: "aws", integration: "cloudtrail", version: ">=3.1.0" }]);
  });

  it("leaves the field out for a metadata package with datasets of its own when the query names none", () => {
    expect(
      relatedIntegrations({ language: "kuery", metadata: { integration: ["aws"] } }, [], release),
    ).toBeUndefined();
  });

  it("lists a package whose events carry no dataset from the metadata alone", () => {
    expect(
      relatedIntegrations(
        { language: "eql", metadata: { integration: ["endpoint", "windows"] } },
        [],
        release,
      ),
    ).toEqual([
      { package: "endpoint", version: ">=9.0.0" },
      { package: "windows", version: ">=2.0.0" },
    ]);
  });

  it("drops a data stream that is not a policy template of the release, keeping the package", () => {
    const datasets = eqlDatasets(
      parseEql('process where event.dataset in ("endpoint.events.process", "aws.s3")'),
    );
    expect(datasets.sort()).toEqual(["aws.s3", "endpoint.events.process"]);
    expect(
      relatedIntegrations({ language: "eql", metadata: { integration: ["endpoint"] } }, datasets, release),
    ).toEqual([
      { package: "aws", version: ">=3.1.0" },
      { package: "endpoint", version: ">=9.0.0" },
    ]);
  });

  it("lists every metadata package of a machine learning rule", () => {
    expect(
      relatedIntegrations(
        { type: "machine_learning", metadata: { integration: ["problemchild", "acme"] } },
        [],
        release,
      ),
    ).toEqual([{ package: "problemchild", version: ">=2.1.0" }]);
  });

  it("lists the metadata package of an ES|QL rule unless a dataset in its query covers it", () => {
    const query = 'from logs-aws.cloudtrail-* | where event.dataset == "aws.cloudtrail"';
    expect(esqlDatasets(query)).toEqual(["aws.cloudtrail"]);
    expect(
      relatedIntegrations(
        { language: "esql", metadata: { integration: ["aws", "windows"] } },
        esqlDatasets(query),
        release,
      ),
    ).toEqual([
      { package: "windows", version: ">=2.0.0" },
      { package: "aws", integration: "cloudtrail", version: ">=3.1.0" },
    ]);
  });

  it("leaves the field out for a Lucene rule", () => {
    expect(
      relatedIntegrations({ language: "lucene", metadata: { integration: ["windows"] } }, [], release),
    ).toBeUndefined();
  });

  it("gives an empty list when no package it names has a release for the stack", () => {
    expect(
      relatedIntegrations({ language: "eql", metadata: { integration: ["system"] } }, [], release),
    ).toEqual([]);
  });
});
