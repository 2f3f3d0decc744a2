import type { KeyPath } from "../source.js";
import { decodeString } from "./strings.js";

/** Where a key (or an array element) was written, and where its value starts. */
export interface ScannedEntry {
  /** Source offset of the key, of the table header, or of the array element. */
  offset: number;
  /** Source offset of the value's first character (a string's opening delimiter), when the entry has a value. */
  valueOffset?: number;
}

/** Entries by `pathKey(path)`. */
export type SourceIndex = Map<string, ScannedEntry>;

/**
 * The comments of a TOML document, attached to what they belong to so that a rewrite that reorders keys
 * and tables keeps each comment with its key. Comment text is kept as written, from `#` to the line end.
 */
export interface TomlComments {
  /** Comment lines at the top of the file, separated from what follows by a blank line. */
  header: string[];
  /** Full-line comments directly above a key, a table header or an array element, by pathKey. */
  above: Map<string, string[]>;
  /** A comment after a value or a table header on the same line, by pathKey, with the spaces before it. */
  trailing: Map<string, string>;
  /** Full-line comments after the last element of a multi-line array, by pathKey of the array. */
  closing: Map<string, string[]>;
  /** Comment lines after the last entry of the file. */
  footer: string[];
}

export function pathKey(path: KeyPath): string {
  return JSON.stringify(path);
}

const BARE_KEY_CHAR = /[A-Za-z0-9_-]/;
const SCALAR_END = /[,\]}\n#]/;

/**
 * Finds the source offset of every key, table header and array element of a TOML document that the
 * parser already accepted, so that findings can point at them. Every loop advances, so odd input ends the
 * scan early rather than hanging or throwing.
 */
export function scanSource(text: string): SourceIndex {
  return scanToml(text).index;
}

/** The comments of a TOML document the parser already accepted. */
export function scanComments(text: string): TomlComments {
  return scanToml(text).comments;
}

function scanToml(text: string): { index: SourceIndex; comments: TomlComments } {
  const index: SourceIndex = new Map();
  const comments: TomlComments = {
    header: [],
    above: new Map(),
    trailing: new Map(),
    closing: new Map(),
    footer: [],
  };
  /** Full-line comments not yet attached to the entry below them. */
  let pending: string[] = [];
  let sawEntry = false;
  /** Number of elements seen so far in each array of tables, by pathKey of the array. */
  const tableArrayLengths = new Map<string, number>();
  let pos = 0;
  let table: (string | number)[] = [];

  const record = (path: KeyPath, entry: ScannedEntry) => {
    const key = pathKey(path);
    if (!index.has(key)) index.set(key, entry);
  };

  const skipSpaces = () => {
    while (text[pos] === " " || text[pos] === "\t") pos += 1;
  };
  const readComment = (): string => {
    const start = pos;
    while (pos < text.length && text[pos] !== "\n") pos += 1;
    return text.slice(start, pos).trimEnd();
  };
  /** Skips blank lines and full-line comments, collecting the comments as pending. */
  const skipBlank = () => {
    let lineIsEmpty = false;
    for (;;) {
      const start = pos;
      skipSpaces();
      if (text[pos] === "#") {
        pending.push(readComment());
        lineIsEmpty = false;
      }
      if (text[pos] === "\r") pos += 1;
      if (text[pos] === "\n") {
        // Comments at the top of the file followed by a blank line are the file's header.
        if (lineIsEmpty && !sawEntry) {
          comments.header.push(...pending);
          pending = [];
        }
        lineIsEmpty = true;
        pos += 1;
      }
      if (pos === start) return;
    }
  };
  /** Gives the pending comments to the entry at `path`. */
  const attachPending = (path: KeyPath) => {
    if (pending.length > 0) {
      comments.above.set(pathKey(path), [...(comments.above.get(pathKey(path)) ?? []), ...pending]);
    }
    pending = [];
    sawEntry = true;
  };
  /** A comment after the entry at `path` on the same line. */
  const readTrailing = (path: KeyPath) => {
    const start = pos;
    skipSpaces();
    if (text[pos] === "#") comments.trailing.set(pathKey(path), text.slice(start, pos) + readComment());
    else pos = start;
  };

  /** Reads a dotted key; returns each segment with its offset. */
  const readKey = (): { name: string; offset: number }[] => {
    const segments: { name: string; offset: number }[] = [];
    for (;;) {
      skipSpaces();
      const offset = pos;
      if (text[pos] === '"' || text[pos] === "'") {
        const decoded = decodeString(text, pos);
        segments.push({ name: decoded.value, offset });
        pos = decoded.end;
      } else {
        while (pos < text.length && BARE_KEY_CHAR.test(text[pos])) pos += 1;
        if (pos === offset) return segments;
        segments.push({ name: text.slice(offset, pos), offset });
      }
      skipSpaces();
      if (text[pos] !== ".") return segments;
      pos += 1;
    }
  };

  /** Resolves header segments to a concrete path, stepping into the last element of arrays of tables. */
  const resolve = (
    segments: { name: string; offset: number }[],
    isTableArray: boolean,
    headerOffset: number,
  ) => {
    const path: (string | number)[] = [];
    segments.forEach((segment, i) => {
      path.push(segment.name);
      record(path, { offset: i === segments.length - 1 ? headerOffset : segment.offset });
      const key = pathKey(path);
      if (isTableArray && i === segments.length - 1) {
        const length = tableArrayLengths.get(key) ?? 0;
        tableArrayLengths.set(key, length + 1);
        path.push(length);
        record(path, { offset: headerOffset });
      } else if (tableArrayLengths.has(key)) {
        path.push((tableArrayLengths.get(key) ?? 1) - 1);
      }
    });
    return path;
  };

  const readHeader = () => {
    const headerOffset = pos;
    const isTableArray = text[pos + 1] === "[";
    pos += isTableArray ? 2 : 1;
    const segments = readKey();
    table = resolve(segments, isTableArray, headerOffset);
    pos += isTableArray ? 2 : 1;
    attachPending(table);
    readTrailing(table);
  };

  const readKeyValue = (base: (string | number)[], topLevel: boolean) => {
    const segments = readKey();
    if (segments.length === 0) {
      pos += 1;
      return;
    }
    const path = [...base];
    for (const segment of segments) {
      path.push(segment.name);
      record(path, { offset: segment.offset });
    }
    skipSpaces();
    if (text[pos] === "=") pos += 1;
    skipSpaces();
    index.set(pathKey(path), { offset: segments[segments.length - 1].offset, valueOffset: pos });
    if (topLevel) attachPending(path);
    readValue(path);
    if (topLevel) readTrailing(path);
  };

  const readValue = (path: (string | number)[]) => {
    const char = text[pos];
    if (char === '"' || char === "'") {
      pos = decodeString(text, pos).end;
    } else if (char === "[") {
      pos += 1;
      for (let i = 0; ; i++) {
        skipBlank();
        if (pos >= text.length || text[pos] === "]") break;
        record([...path, i], { offset: pos, valueOffset: pos });
        attachPending([...path, i]);
        const before = pos;
        readValue([...path, i]);
        skipSpaces();
        if (text[pos] === ",") pos += 1;
        readTrailing([...path, i]);
        skipBlank();
        if (pos === before) break;
      }
      if (pending.length > 0) comments.closing.set(pathKey(path), pending);
      pending = [];
      pos += 1;
    } else if (char === "{") {
      pos += 1;
      for (;;) {
        skipBlank();
        if (pos >= text.length || text[pos] === "}") break;
        const before = pos;
        readKeyValue(path, false);
        skipBlank();
        if (text[pos] === ",") pos += 1;
        else if (pos === before) break;
      }
      pos += 1;
    } else {
      while (pos < text.length && !SCALAR_END.test(text[pos])) pos += 1;
    }
  };

  while (pos < text.length) {
    skipBlank();
    if (pos >= text.length) break;
    if (text[pos] === "[") readHeader();
    else readKeyValue(table, true);
  }
  comments.footer = pending;
  return { index, comments };
}
