import type { Finding } from "../findings/finding.js";
import type { KeyPath, SourcePosition } from "./source.js";

/**
 * A TOML rule file as read from disk, in the layout of Elastic's detection-rules repository
 * ([metadata] + [rule]). Reading never throws: problems become findings.
 */
export interface RuleFile {
  /** Path as the user gave it (relative paths stay relative). */
  path: string;
  text: string;
  /** The whole parsed document; undefined when the TOML could not be parsed. */
  document?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  /** The [rule] table exactly as written in TOML (e.g. new_terms as {field, value, history_window_start}). */
  rule?: Record<string, unknown>;
  /** Problems found while reading and parsing (syntax, duplicate keys, not a rule file). */
  findings: Finding[];
  /** Position of a key; falls back to the nearest ancestor that has one, then to 1:1. */
  positionOf(path: KeyPath): SourcePosition;
  /** Position in the file of character `offset` of the string value at `path` (e.g. inside a KQL query). */
  positionInValue(path: KeyPath, offset: number): SourcePosition;
}
