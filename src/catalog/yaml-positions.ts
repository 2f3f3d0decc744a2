import {
  constructFromEvents,
  EVENT_ID,
  type Event,
  getScalarValue,
  parseEvents,
  YAMLException,
} from "js-yaml";
import { DacError } from "../errors.js";
import type { SourcePosition } from "../schema/source.js";

/** A parsed YAML document plus the source position of every node, addressed by key path. */
export interface PositionedYaml {
  value: unknown;
  positionOf(path: readonly (string | number)[]): SourcePosition;
}

/** YAML that does not parse; the caller knows the file and names it. */
export class YamlSyntaxError extends DacError {
  constructor(
    readonly reason: string,
    readonly position: SourcePosition,
  ) {
    super("input", reason);
  }
}

/** Parses one YAML document, keeping node positions; throws YamlSyntaxError with the failing position. */
export function parseYamlWithPositions(text: string): PositionedYaml {
  let events: Event[];
  let documents: unknown[];
  try {
    events = parseEvents(text, {});
    documents = constructFromEvents(events, { source: text });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = error.mark;
      throw new YamlSyntaxError(error.reason, {
        line: (mark?.line ?? 0) + 1,
        column: (mark?.column ?? 0) + 1,
      });
    }
    throw error;
  }
  const offsets = nodeOffsets(events, text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const toPosition = (offset: number): SourcePosition => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
  return {
    value: documents[0],
    positionOf(path) {
      for (let length = path.length; length >= 0; length--) {
        const offset = offsets.get(pathKey(path.slice(0, length)));
        if (offset !== undefined) return toPosition(offset);
      }
      return { line: 1, column: 1 };
    },
  };
}

function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path);
}

type Frame = { kind: "sequence"; path: (string | number)[]; index: number } | MappingFrame;
type MappingFrame = { kind: "mapping"; path: (string | number)[]; key?: string };

/** Start offset of every node of the first document, by key path. */
function nodeOffsets(events: readonly Event[], text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  const stack: Frame[] = [];
  /** Path of the node the next event opens; undefined while a mapping key is being read. */
  const nextPath = (): (string | number)[] | undefined => {
    const top = stack.at(-1);
    if (!top) return [];
    if (top.kind === "sequence") return [...top.path, top.index++];
    if (top.key === undefined) return undefined;
    const path = [...top.path, top.key];
    top.key = undefined;
    return path;
  };
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      if (offsets.size > 0) break;
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const top = stack.at(-1);
    const isKey = top?.kind === "mapping" && top.key === undefined;
    if (isKey && event.type === EVENT_ID.SCALAR) {
      (top as MappingFrame).key = getScalarValue(text, event);
      continue;
    }
    const path = nextPath() ?? [];
    if (event.type === EVENT_ID.SEQUENCE) {
      offsets.set(pathKey(path), event.start);
      stack.push({ kind: "sequence", path, index: 0 });
    } else if (event.type === EVENT_ID.MAPPING) {
      offsets.set(pathKey(path), event.start);
      stack.push({ kind: "mapping", path });
    } else if (event.type === EVENT_ID.SCALAR) {
      offsets.set(pathKey(path), event.valueStart);
    }
  }
  return offsets;
}
