/**
 * Elasticsearch's `standard` analyzer: Lucene's StandardTokenizer (Unicode UAX #29 word boundaries,
 * max_token_length 255) followed by lower-casing. Only words made of letters, digits, katakana or
 * connectors become tokens; each ideograph and hiragana character is a token of its own.
 */

export interface Token {
  term: string;
  position: number;
}

const MAX_TOKEN_LENGTH = 255;
/** Lucene's position_increment_gap for text arrays: phrases never span two array elements. */
export const POSITION_INCREMENT_GAP = 100;

type WordClass =
  | "letter"
  | "numeric"
  | "katakana"
  | "extendNumLet"
  | "midLetter"
  | "midNum"
  | "midNumLet"
  | "single"
  | "extend"
  | "emoji"
  | "other";

const MID_LETTER = new Set([0x3a, 0xb7, 0x387, 0x55f, 0x5f4, 0x2027, 0xfe13, 0xfe55, 0xff1a]);
const MID_NUM = new Set([
  0x2c, 0x3b, 0x37e, 0x589, 0x60c, 0x60d, 0x66c, 0x7f8, 0x2044, 0xfe10, 0xfe14, 0xfe50, 0xfe54, 0xff0c,
  0xff1b,
]);
const MID_NUM_LET = new Set([0x2e, 0x2018, 0x2019, 0x2024, 0xfe52, 0xff07, 0xff0e]);

const IDEOGRAPHIC = /[\p{Ideographic}\p{Script=Hiragana}]/u;
const KATAKANA = /\p{Script=Katakana}/u;
const LETTER = /[\p{L}\p{Nl}]/u;
const NUMERIC = /\p{Nd}/u;
const EXTEND = /\p{Mn}|\p{Me}|\p{Mc}|\p{Cf}|\u{FE0F}|[\u{1F3FB}-\u{1F3FF}]/u;
const CONNECTOR = /\p{Pc}/u;
const EMOJI = /\p{Extended_Pictographic}/u;

function classify(char: string, code: number): WordClass | "ideographic" {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return "letter";
    if (code >= 0x30 && code <= 0x39) return "numeric";
    if (code === 0x5f) return "extendNumLet";
    if (code === 0x27) return "single";
    if (code === 0x2e) return "midNumLet";
    if (code === 0x3a) return "midLetter";
    if (code === 0x2c || code === 0x3b) return "midNum";
    return "other";
  }
  if (MID_LETTER.has(code)) return "midLetter";
  if (MID_NUM.has(code)) return "midNum";
  if (MID_NUM_LET.has(code)) return "midNumLet";
  if (EXTEND.test(char)) return "extend";
  if (IDEOGRAPHIC.test(char)) return "ideographic";
  if (KATAKANA.test(char)) return "katakana";
  if (LETTER.test(char)) return "letter";
  if (NUMERIC.test(char)) return "numeric";
  if (CONNECTOR.test(char) || code === 0x202f) return "extendNumLet";
  if (EMOJI.test(char)) return "emoji";
  return "other";
}

/** Code points grouped with their trailing Extend/Format characters (UAX #29 rule WB4): kinds and offsets. */
interface Units {
  kinds: (WordClass | "ideographic")[];
  /** Start offset of each unit in the text, plus the text length at the end. */
  starts: number[];
}

function units(text: string): Units {
  const kinds: (WordClass | "ideographic")[] = [];
  const starts: number[] = [];
  let offset = 0;
  while (offset < text.length) {
    const code = text.codePointAt(offset)!;
    const width = code > 0xffff ? 2 : 1;
    const kind = classify(code < 0x80 ? "" : text.slice(offset, offset + width), code);
    const last = kinds[kinds.length - 1];
    if (!(kind === "extend" && last !== undefined && last !== "other")) {
      kinds.push(kind === "extend" ? "other" : kind);
      starts.push(offset);
    }
    offset += width;
  }
  starts.push(text.length);
  return { kinds, starts };
}

const isAHLetter = (kind: string | undefined) => kind === "letter";
const isMidLetterish = (kind: string | undefined) =>
  kind === "midLetter" || kind === "midNumLet" || kind === "single";
const isMidNumish = (kind: string | undefined) =>
  kind === "midNum" || kind === "midNumLet" || kind === "single";
const WORD_START = new Set(["letter", "numeric", "katakana", "extendNumLet"]);

/** How many units after `index` join the word at `index` (0 = boundary). */
function joinLength(text: string, { kinds, starts }: Units, index: number): number {
  const left = kinds[index];
  const right = kinds[index + 1];
  const after = kinds[index + 2];
  if (right === undefined) return 0;
  if (isAHLetter(left) && isAHLetter(right)) return 1;
  if (isAHLetter(left) && isMidLetterish(right) && isAHLetter(after)) return 2;
  if ((left === "numeric" || isAHLetter(left)) && (right === "numeric" || isAHLetter(right))) return 1;
  if (left === "numeric" && isMidNumish(right) && after === "numeric") return 2;
  if (left === "katakana" && right === "katakana") return 1;
  if (WORD_START.has(left) && right === "extendNumLet") return 1;
  if (left === "extendNumLet" && (isAHLetter(right) || right === "numeric" || right === "katakana")) return 1;
  if (left === "emoji" && text[starts[index + 1] - 1] === "\u200d" && right === "emoji") return 1;
  return 0;
}

/** Lucene's LowerCaseFilter lowers code point by code point (never changes the number of code points). */
function lowerCase(text: string): string {
  let result = "";
  for (const char of text) {
    const lower = char.toLowerCase();
    result += [...lower].length === 1 ? lower : String.fromCodePoint(lower.codePointAt(0)!);
  }
  return result;
}

function splitLong(word: string): string[] {
  const codePoints = [...word];
  if (codePoints.length <= MAX_TOKEN_LENGTH) return [word];
  const parts: string[] = [];
  for (let start = 0; start < codePoints.length; start += MAX_TOKEN_LENGTH) {
    parts.push(codePoints.slice(start, start + MAX_TOKEN_LENGTH).join(""));
  }
  return parts;
}

/** The words of `text`, lower-cased, without positions. */
export function analyzeTerms(text: string): string[] {
  const list = units(text);
  const { kinds, starts } = list;
  const words: string[] = [];
  let index = 0;
  while (index < kinds.length) {
    const kind = kinds[index];
    if (kind === "ideographic") {
      words.push(text.slice(starts[index], starts[index + 1]));
      index += 1;
      continue;
    }
    if (!WORD_START.has(kind) && kind !== "emoji") {
      index += 1;
      continue;
    }
    let end = index;
    let hasContent = kind !== "extendNumLet";
    for (let step = joinLength(text, list, end); step > 0; step = joinLength(text, list, end)) {
      for (let k = 1; k <= step; k++) if (kinds[end + k] !== "extendNumLet") hasContent = true;
      end += step;
    }
    if (hasContent) words.push(...splitLong(text.slice(starts[index], starts[end + 1])));
    index = end + 1;
  }
  return words.map((word) => (isAscii(word) ? word.toLowerCase() : lowerCase(word)));
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Tokens with positions; array elements are separated by the position increment gap. */
export function analyze(values: readonly string[]): Token[] {
  const tokens: Token[] = [];
  let position = -1;
  for (const [elementIndex, value] of values.entries()) {
    if (elementIndex > 0) position += POSITION_INCREMENT_GAP;
    for (const term of analyzeTerms(value)) {
      position += 1;
      tokens.push({ term, position });
    }
  }
  return tokens;
}
