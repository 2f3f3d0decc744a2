import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { load as loadYaml } from "js-yaml";
import { DacError } from "../errors.js";
import { isFindingCode, nearestCode } from "../findings/registry.js";

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
  environments: Record<string, EnvironmentConfig>;
}

export class ConfigError extends DacError {
  constructor(message: string, file: string) {
    super("config", message, { location: { file } });
  }
}

const CONFIG_NAME = "dac.config.yaml";

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
  const known = new Set(["rules", "checks", "fields", "environments"]);
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
    }
  }
  if (input.environments !== undefined) {
    for (const [name, env] of Object.entries(mapping(input.environments, "environments", file))) {
      config.environments[name] = environment(env, `environments.${name}`, file, config.root);
    }
  }
  return config;
}

function environment(raw: unknown, where: string, file: string, root: string): EnvironmentConfig {
  const env = mapping(raw, where, file);
  const allowed = new Set(["url", "spaces", "api_key_env", "username_env", "password_env", "ca", "enabled"]);
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
  if (env.enabled !== undefined) {
    if (typeof env.enabled !== "boolean")
      throw new ConfigError(`${where}.enabled: expected true or false`, file);
    result.enabled = env.enabled;
  }
  return result;
}

function defaults(root: string): DacConfig {
  return { root, rules: ["rules"], checks: {}, fields: {}, environments: {} };
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
