import type { KqlNode } from "../../src/kql/index.js";

/** The tree without source offsets: Kibana's exact node shapes. */
export function shape(node: KqlNode): unknown {
  return JSON.parse(
    JSON.stringify(node, (key, value) => (key === "start" || key === "end" ? undefined : value)),
  );
}

export const lit = (value: string | boolean | null, isQuoted = false) => ({
  type: "literal",
  value,
  isQuoted,
});
export const wild = (value: string) => ({
  type: "wildcard",
  value: value.replaceAll("*", "@kuery-wildcard@"),
});
export const is = (field: unknown, value: unknown) => ({
  type: "function",
  function: "is",
  arguments: [field, value],
});
export const fn = (name: string, ...args: unknown[]) => ({
  type: "function",
  function: name,
  arguments: args,
});

/** `S(q)`: Kibana's one-field should wrapper. */
export const should = (...queries: unknown[]) => ({ bool: { should: queries, minimum_should_match: 1 } });
