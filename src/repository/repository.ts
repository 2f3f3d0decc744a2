/**
 * The repository-wide files detection-rules keeps next to the rules (etc/version.lock.json,
 * etc/deprecated_rules.json), located from dac.config.yaml, and how dac computes content hashes for them.
 */
import { existsSync, readFileSync } from "node:fs";
import { load as loadYaml } from "js-yaml";
import { type FieldCatalog, openCatalog } from "../catalog/catalog.js";
import { type DacConfig, repositoryFile } from "../config/config.js";
import { DacError } from "../errors.js";
import type { RequiredFieldsOf } from "./content-hash.js";
import { type DeprecatedRules, readDeprecatedRules } from "./deprecated-rules.js";
import { readIntegrationManifests } from "./integration-manifests.js";
import { detectionRulesRequiredFields } from "./required-fields.js";
import { readVersionLock, type VersionLock } from "./version-lock.js";

export interface RepositoryFiles {
  versionLockPath: string;
  /** detection-rules' release description; its `package.name` is the stack the repository releases for. */
  packagesPath: string;
  deprecatedRulesPath: string;
  /** detection-rules' integration package manifests. */
  integrationManifestsPath: string;
}

export interface RepositoryState extends RepositoryFiles {
  lock: VersionLock;
  deprecated: DeprecatedRules;
  requiredFieldsOf: RequiredFieldsOf;
}

export function repositoryFiles(config: DacConfig): RepositoryFiles {
  return {
    versionLockPath: config.versionLock ?? repositoryFile(config, "versionLock"),
    deprecatedRulesPath: config.deprecatedRules ?? repositoryFile(config, "deprecatedRules"),
    integrationManifestsPath: repositoryFile(config, "integrationManifests"),
    packagesPath: repositoryFile(config, "packages"),
  };
}

/** Reads both lock files (missing files are empty); malformed ones are input errors naming the file. */
export function openRepository(config: DacConfig): RepositoryState {
  const files = repositoryFiles(config);
  const catalog = openCatalog({ fields: config.fields });
  return {
    ...files,
    lock: readVersionLock(files.versionLockPath),
    deprecated: readDeprecatedRules(files.deprecatedRulesPath),
    requiredFieldsOf: detectionRulesRequiredFields({
      catalog,
      knownPackage: knownPackages(files.integrationManifestsPath, catalog),
    }),
  };
}

/**
 * The packages whose datasets detection-rules resolves: those of its integration manifests (read on first
 * use), else the ones dac ships schemas of.
 */
function knownPackages(manifestsPath: string, catalog: FieldCatalog): (name: string) => boolean {
  let names: ReadonlySet<string> | undefined;
  return (name) => {
    names ??= existsSync(manifestsPath)
      ? new Set(Object.keys(readIntegrationManifests(manifestsPath)))
      : new Set(catalog.packages.keys());
    return names.has(name);
  };
}

/** The stack the repository releases for (etc/packages.yaml `package.name`, e.g. "9.6"), when it says. */
export function releaseStack(files: RepositoryFiles): string | undefined {
  if (!existsSync(files.packagesPath)) return undefined;
  let parsed: unknown;
  try {
    parsed = loadYaml(readFileSync(files.packagesPath, "utf8"));
  } catch (error) {
    throw new DacError("input", `not valid YAML: ${(error as Error).message}`, {
      location: { file: files.packagesPath },
    });
  }
  const name = (parsed as { package?: { name?: unknown } } | null)?.package?.name;
  return name === undefined ? undefined : String(name);
}
