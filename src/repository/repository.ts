/**
 * The repository-wide files detection-rules keeps next to the rules (etc/version.lock.json,
 * etc/deprecated_rules.json), located from dac.config.yaml, and how dac computes content hashes for them.
 */
import { join } from "node:path";
import { openCatalog } from "../catalog/catalog.js";
import type { DacConfig } from "../config/config.js";
import type { RequiredFieldsOf } from "./content-hash.js";
import { type DeprecatedRules, readDeprecatedRules } from "./deprecated-rules.js";
import { requiredFieldsFromCatalog } from "./required-fields.js";
import { readVersionLock, type VersionLock } from "./version-lock.js";

export interface RepositoryFiles {
  versionLockPath: string;
  deprecatedRulesPath: string;
}

export interface RepositoryState extends RepositoryFiles {
  lock: VersionLock;
  deprecated: DeprecatedRules;
  requiredFieldsOf: RequiredFieldsOf;
}

export function repositoryFiles(config: DacConfig): RepositoryFiles {
  return {
    versionLockPath: config.versionLock ?? join(config.root, "etc", "version.lock.json"),
    deprecatedRulesPath: config.deprecatedRules ?? join(config.root, "etc", "deprecated_rules.json"),
  };
}

/** Reads both lock files (missing files are empty); malformed ones are input errors naming the file. */
export function openRepository(config: DacConfig): RepositoryState {
  const files = repositoryFiles(config);
  return {
    ...files,
    lock: readVersionLock(files.versionLockPath),
    deprecated: readDeprecatedRules(files.deprecatedRulesPath),
    requiredFieldsOf: requiredFieldsFromCatalog(openCatalog({ fields: config.fields })),
  };
}
