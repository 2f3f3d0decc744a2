import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { load as loadYaml } from "js-yaml";
import { DacError } from "../errors.js";
import { isFindingCode, nearestCode } from "../findings/registry.js";
import { isProfileName, PROFILES, type ProfileName } from "../validate/profiles/profiles.js";

export type CheckSetting = "off" | "error" | "warning" | "info";

/** A named Kibana target. Credentials are never stored here, only the names of variables that hold them. */
export interface EnvironmentConfig {
  url: string;
  spaces: string[];
  api_key_env?: string;
  username_env?: string;
  password_env?: string;
  ca?: string;
  /** `enabled` sent for rules that do not set it themselves. */
  enabled?: boolean;
  /** Seconds to wait for one complete response from Kibana. */
  request_timeout?: number;
  /** Seconds a command may wait on Kibana in all, retries included. */
  deadline?: number;
}

export interface DacConfig {
  /** Directory the config was found in; relative paths inside the config resolve against it. */
  root: string;
  /** The file it came from, when there was one. */
  file?: string;
  rules: string[];
  /** Per-check switch or severity, by finding code. */
  checks: Record<string, CheckSetting>;
  /** Extra field definition files (Elastic fields.yml format), by integration/dataset name. */
  fields: Record<string, string[]>;
  /**
   * The allow-list of fields without a published schema, by index pattern (detection-rules'
   * `etc/non-ecs-schema.json` layout): `non_ecs_schema`, else `etc/non-ecs-schema.json` under `root` when it exists.
   */
  nonEcsSchema?: string;
  environments: Record<string, EnvironmentConfig>;
  /**
   * The repository root: the folder whose `etc/` holds detection-rules' repository files (version lock,
   * deprecated rules, the non-ECS allow-list, integration manifests). `repository` in dac.config.yaml, else
   * the config's folder; without a config file, the detection-rules checkout the rule paths are in.
   */
  repository: string;
  /** detection-rules' lock files (absolute paths); default etc/version.lock.json, etc/deprecated_rules.json. */
  versionLock?: string;
  deprecatedRules?: string;
  /** A named set of check settings (src/validate/profiles/profiles.ts), e.g. "detection-rules". */
  profile?: ProfileName;
}

export class ConfigError extends DacError {
  constructor(message: string, file: string) {
    super("config", message, { location: { file } });
  }
}

const CONFIG_NAME = "dac.config.yaml";

/** The files detection-rules keeps in its repository's `etc/` folder that dac reads or writes. */
export const REPOSITORY_FILES = {
  versionLock: "version.lock.json",
  deprecatedRules: "deprecated_rules.json",
  nonEcsSchema: "non-ecs-schema.json",
  integrationManifests: "integration-manifests.json.gz",
  packages: "packages.yaml",
} as const;

/** The path of one of the repository's files: `<repository>/etc/<name>`. */
export function repositoryFile(
  config: Pick<DacConfig, "repository">,
  name: keyof typeof REPOSITORY_FILES,
): string {
  return join(config.repository, "etc", REPOSITORY_FILES[name]);
}

/** Whether `dir` is a repository root: its etc/ folder holds at least one of detection-rules' files. */
export function isRepositoryRoot(dir: string): boolean {
  return Object.values(REPOSITORY_FILES).some((name) => existsSync(join(dir, "etc", name)));
}

/** Finds dac.config.yaml in `start` or its parents; defaults when there is none. */
export function loadConfig(start: string = process.cwd(), explicit?: string): DacConfig {
  const file = explicit ? resolve(explicit) : findUp(resolve(start));
  if (!file) return defaults(resolve(start));
  let raw: unknown;
  try {
    raw = loadYaml(readFileSync(file, "utf8")) ?? {};
  } catch (error) {
    throw new ConfigError(`cannot read configuration: ${(error as Error).message}`, file);
  }
  return parseConfig(raw, file);
}

export function parseConfig(raw: unknown, file: string): DacConfig {
  const config = defaults(dirname(file));
  config.file = file;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError("configuration must be a mapping", file);
  }
  const known = new Set([
    "rules",
    "checks",
    "fields",
    "non_ecs_schema",
    "environments",
    "version_lock",
    "deprecated_rules",
    "profile",
    "repository",
  ]);
  for (const key of Object.keys(raw)) {
    if (!known.has(key))
      throw new ConfigError(`unknown key "${key}" (expected one of ${[...known].join(", ")})`, file);
  }
  const input = raw as Record<string, unknown>;
  if (input.rules !== undefined) config.rules = stringList(input.rules, "rules", file);
  if (input.checks !== undefined) {
    for (const [code, setting] of Object.entries(mapping(input.checks, "checks", file))) {
      if (!isFindingCode(code)) {
        throw new ConfigError(
          `checks.${code}: unknown finding code (did you mean "${nearestCode(code)}"? \`dac validate --list-checks\` lists every code)`,
          file,
        );
      }
      if (!["off", "error", "warning", "info"].includes(String(setting))) {
        throw new ConfigError(`checks.${code}: expected off, error, warning or info`, file);
      }
      config.checks[code] = setting as CheckSetting;
    }
  }
  if (input.fields !== undefined) {
    for (const [name, files] of Object.entries(mapping(input.fields, "fields", file))) {
      config.fields[name] = stringList(files, `fields.${name}`, file).map((f) => resolve(config.root, f));
      const missing = config.fields[name].find((path) => !existsSync(path));
      if (missing) throw new ConfigError(`fields.${name}: ${missing} does not exist`, file);
    }
  }
  if (input.profile !== undefined) {
    if (typeof input.profile !== "string" || !isProfileName(input.profile)) {
      throw new ConfigError(`profile: expected one of ${Object.keys(PROFILES).join(", ")}`, file);
    }
    config.profile = input.profile;
  }
  if (input.repository !== undefined) {
    if (typeof input.repository !== "string")
      throw new ConfigError("repository: expected a folder path", file);
    Object.assign(config, atRepositoryRoot(config, resolve(config.root, input.repository)));
  }
  for (const [key, target] of [
    ["version_lock", "versionLock"],
    ["deprecated_rules", "deprecatedRules"],
  ] as const) {
    if (input[key] === undefined) continue;
    if (typeof input[key] !== "string") throw new ConfigError(`${key}: expected a file path`, file);
    config[target] = resolve(config.root, input[key]);
  }
  if (input.non_ecs_schema === false) delete config.nonEcsSchema;
  else if (typeof input.non_ecs_schema === "string")
    config.nonEcsSchema = resolve(config.root, input.non_ecs_schema);
  else if (input.non_ecs_schema !== undefined)
    throw new ConfigError("non_ecs_schema: expected a file path, or false for none", file);
  if (input.environments !== undefined) {
    for (const [name, env] of Object.entries(mapping(input.environments, "environments", file))) {
      config.environments[name] = environment(env, `environments.${name}`, file, config.root);
    }
  }
  return config;
}

function environment(raw: unknown, where: string, file: string, root: string): EnvironmentConfig {
  const env = mapping(raw, where, file);
  const allowed = new Set([
    "url",
    "spaces",
    "api_key_env",
    "username_env",
    "password_env",
    "ca",
    "enabled",
    "request_timeout",
    "deadline",
  ]);
  for (const key of Object.keys(env)) {
    if (!allowed.has(key)) {
      const secret = /key|password|token|secret/i.test(key);
      throw new ConfigError(
        secret
          ? `${where}.${key}: credentials do not belong in the config file; name the environment variable that holds them (api_key_env, username_env, password_env)`
          : `${where}: unknown key "${key}"`,
        file,
      );
    }
  }
  if (typeof env.url !== "string") throw new ConfigError(`${where}.url: required string`, file);
  const result: EnvironmentConfig = {
    url: env.url,
    spaces: env.spaces === undefined ? ["default"] : stringList(env.spaces, `${where}.spaces`, file),
  };
  for (const key of ["api_key_env", "username_env", "password_env"] as const) {
    if (env[key] !== undefined) {
      if (typeof env[key] !== "string")
        throw new ConfigError(`${where}.${key}: expected a variable name`, file);
      result[key] = env[key] as string;
    }
  }
  if (env.ca !== undefined) result.ca = resolve(root, String(env.ca));
  for (const key of ["request_timeout", "deadline"] as const) {
    if (env[key] !== undefined) {
      if (typeof env[key] !== "number" || env[key] <= 0)
        throw new ConfigError(`${where}.${key}: expected a positive number of seconds`, file);
      result[key] = env[key];
    }
  }
  if (env.enabled !== undefined) {
    if (typeof env.enabled !== "boolean")
      throw new ConfigError(`${where}.enabled: expected true or false`, file);
    result.enabled = env.enabled;
  }
  return result;
}

/**
 * Without a configuration file, the repository root is the current folder when it is one, else a detection-rules
 * checkout that a rules path given on the command line is, or is directly inside (`<repo>/rules`).
 */
export function withRepositoryRoot(config: DacConfig, paths: readonly string[]): DacConfig {
  if (config.file !== undefined || isRepositoryRoot(config.repository)) return config;
  for (const path of paths) {
    for (const folder of [path, dirname(path)]) {
      if (isRepositoryRoot(folder)) return atRepositoryRoot(config, folder);
    }
  }
  return config;
}

/** The config with `root` as its repository, and that repository's allow-list when it has one. */
function atRepositoryRoot(config: DacConfig, root: string): DacConfig {
  const { nonEcsSchema: _previous, ...rest } = config;
  const nonEcsSchema = repositoryFile({ repository: root }, "nonEcsSchema");
  return { ...rest, repository: root, ...(existsSync(nonEcsSchema) ? { nonEcsSchema } : {}) };
}

function defaults(root: string): DacConfig {
  return atRepositoryRoot(
    { root, rules: ["rules"], checks: {}, fields: {}, environments: {}, repository: root },
    root,
  );
}

function findUp(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    const candidate = join(current, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(current) === current) return undefined;
  }
}

function mapping(value: unknown, where: string, file: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where}: expected a mapping`, file);
  }
  return value as Record<string, unknown>;
}

function stringList(value: unknown, where: string, file: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
    throw new ConfigError(`${where}: expected a string or a list of strings`, file);
  }
  return list as string[];
}
