/**
 * What Kibana reads from an ES|QL rule's query before running it: whether it aggregates (a top-level STATS), the
 * columns its MV_EXPAND commands expand, and the query it actually sends (METADATA _id injected when a
 * non-aggregating query lacks it, so every row points back to its document).
 */
import type { Command, Query } from "../../esql/ast.js";
import { parseEsql } from "../../esql/parser.js";

export interface EsqlQueryShape {
  /** A top-level STATS makes the rows synthetic: no source document, ids from the run window and row. */
  aggregating: boolean;
  /** The MV_EXPAND targets: each expanded value of one document is an alert of its own. */
  mvExpandFields: string[];
  /** The query Kibana sends before it appends its LIMIT. */
  query: string;
  /** The FROM sources, one pattern each (comma lists split): the indices the rule reads. */
  sources: string[];
  /** An aggregating query's `BY` keys that are source fields, with the column each becomes. */
  groups: { column: string; field: string }[];
}

/** `text` must parse (the rule's problems are reported before it runs). */
export function esqlQueryShape(text: string): EsqlQueryShape {
  const parsed = parseEsql(text);
  // INLINE STATS keeps every row a document's row, so it does not make a query aggregating.
  const aggregating = parsed.commands.some((command) => command.type === "stats");
  const mvExpandFields = parsed.commands.flatMap((command) =>
    command.type === "mv_expand" ? [command.column.parts.join(".")] : [],
  );
  const [source] = parsed.commands;
  const sources = isFrom(source)
    ? source.indices.flatMap((index) => index.text.split(",").map((part) => part.trim()))
    : [];
  const stats = parsed.commands.find((command) => command.type === "stats");
  const groups =
    stats?.type === "stats"
      ? stats.groups.flatMap(({ name, value }) => {
          if (value.type !== "name") return [];
          const field = value.parts.join(".");
          return [{ column: name ? name.parts.join(".") : field, field }];
        })
      : [];
  const query = aggregating ? text : withMetadataId(parsed, text);
  return { aggregating, mvExpandFields, query, sources, groups };
}

/** `FROM logs-*` → `FROM logs-* METADATA _id`, `METADATA _index` → `METADATA _index, _id` (Kibana's injectMetadataId). */
function withMetadataId(parsed: Query, text: string): string {
  const [source] = parsed.commands;
  if (!isFrom(source)) return text;
  if (source.metadata.some((field) => field.parts.join(".") === "_id")) return text;
  const last = source.metadata[source.metadata.length - 1];
  if (last) return `${text.slice(0, last.end)}, _id${text.slice(last.end)}`;
  const end = source.indices[source.indices.length - 1].end;
  return `${text.slice(0, end)} METADATA _id${text.slice(end)}`;
}

function isFrom(command: Command): command is Extract<Command, { type: "from" | "ts" }> {
  return command.type === "from" || command.type === "ts";
}
