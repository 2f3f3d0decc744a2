/**
 * detection-rules' `version.lock.json`: per rule_id the name, type, content hash and version of the rule as
 * last released, optionally the stack version it was forked at (`min_stack_version`), the entries of older
 * stacks (`previous`) and per-stack emit epochs (`stack_emit`). dac reads it, checks rules against it and
 * writes it back byte-compatible with detection-rules (sorted keys, two-space indent, ASCII only).
 */
import { readFileSync } from "node:fs";
import { DacError } from "../errors.js";
import { pythonJson } from "./python-json.js";

export interface LockedVersion {
  rule_name: string;
  sha256: string;
  type: string;
  version: number;
}

export interface PreviousLockEntry extends LockedVersion {
  max_allowable_version?: number;
}

export interface StackEmitEntry {
  sha256: string;
  version: number;
  transforms?: string[];
}

export interface VersionLockEntry extends LockedVersion {
  min_stack_version?: string;
  previous?: Record<string, PreviousLockEntry>;
  stack_emit?: Record<string, StackEmitEntry>;
}

export type VersionLock = Record<string, VersionLockEntry>;

/** Reads a lock file; a missing file is an empty lock, a malformed one an input error naming the entry. */
export function readVersionLock(path: string): VersionLock {
  const raw = readJsonObject(path);
  if (raw === undefined) return {};
  for (const [ruleId, entry] of Object.entries(raw)) {
    const problem = lockEntryProblem(entry);
    if (problem) throw new DacError("input", `entry ${ruleId}: ${problem}`, { location: { file: path } });
  }
  return raw as VersionLock;
}

/** The file text detection-rules writes: `json.dumps(lock, indent=2, sort_keys=True)`, no final newline. */
export function formatVersionLock(lock: VersionLock): string {
  return pythonJson(lock, 2);
}

/**
 * The entry that applies to a rule: the `previous` entry of its min_stack_version (major.minor) when the
 * rule is pinned to an older stack the lock has forked from, else the latest.
 */
export function lockedVersionFor(
  lock: VersionLock,
  ruleId: string,
  minStackVersion?: string,
): LockedVersion | undefined {
  const entry = lock[ruleId];
  if (!entry) return undefined;
  const stack = minStackVersion === undefined ? undefined : majorMinor(minStackVersion);
  return (stack !== undefined && entry.previous?.[stack]) || entry;
}

/**
 * The version detection-rules ships a rule with on `stack` when its lock entry has `stack_emit` epochs (the
 * rule as emitted for newer stacks, e.g. after an ATT&CK version change): the entry with the highest stack
 * key not above `stack`. Undefined when none applies.
 */
export function emittedVersionFor(lock: VersionLock, ruleId: string, stack: string): number | undefined {
  const emit = lock[ruleId]?.stack_emit;
  if (!emit) return undefined;
  const keys = Object.keys(emit).filter((key) => compareStackVersions(key, stack) <= 0);
  const key = keys.sort(compareStackVersions).at(-1);
  return key === undefined ? undefined : emit[key].version;
}

/** "8.19.0" → "8.19". */
export function majorMinor(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** Parses a JSON object file; undefined when the file does not exist. Used for both lock files. */
export function readJsonObject(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DacError("input", `cannot read: ${(error as Error).message}`, { location: { file: path } });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DacError("input", `not valid JSON: ${(error as Error).message}`, { location: { file: path } });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new DacError("input", "expected a JSON object keyed by rule_id", { location: { file: path } });
  }
  return parsed as Record<string, unknown>;
}

function lockEntryProblem(entry: unknown): string | undefined {
  if (typeof entry !== "object" || entry === null) return "expected an object";
  const e = entry as Record<string, unknown>;
  if (typeof e.rule_name !== "string") return "rule_name must be a string";
  if (typeof e.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(e.sha256)) return "sha256 must be 64 hex digits";
  if (typeof e.type !== "string") return "type must be a string";
  if (!Number.isInteger(e.version) || (e.version as number) < 1) return "version must be a positive integer";
  return undefined;
}

/** Orders stack versions ("8.19", "9.2.1") numerically. */
export function compareStackVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map((version) => version.split(".").map(Number));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
