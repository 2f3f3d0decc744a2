import type { RegisteredCode } from "../findings/registry.js";

/** The registry as `dac validate --list-checks` prints it: an aligned table, or one JSON document. */
export function formatCheckList(format: "human" | "json", codes: readonly RegisteredCode[]): string {
  if (format === "json") {
    const checks = codes.map(({ code, severity, area, description }) => ({
      code,
      severity,
      area,
      description,
    }));
    return `${JSON.stringify({ checks }, null, 2)}\n`;
  }
  const header = ["code", "default", "area", "description"];
  const rows = codes.map((entry) => [entry.code, entry.severity, entry.area, entry.description]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ");
  return `${[line(header), ...rows.map(line)].join("\n")}\n${codes.length} codes\n`;
}
