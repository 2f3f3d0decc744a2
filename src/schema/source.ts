/** 1-based line and column in a source file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** Path of a key inside a parsed document, e.g. ["rule", "threat", 0, "tactic", "id"]. */
export type KeyPath = readonly (string | number)[];
