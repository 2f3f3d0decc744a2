import type { SourcePosition } from "../../src/schema/source.js";

/** Line and column (1-based) of the `nth` occurrence of `needle` in `text`, plus `shift` characters. */
export function positionOfText(text: string, needle: string, nth = 0, shift = 0): SourcePosition {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  offset += shift;
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - (before.lastIndexOf("\n") + 1) + 1 };
}
