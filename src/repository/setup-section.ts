/**
 * detection-rules moves a `## Setup` section written inside the note into the rule's `setup` field on export
 * (and so in its content hash). It renders the section from the Markdown tree as plain text: paragraphs and
 * list items one per line, code spans and fenced code kept, emphasis and link markup dropped, up to the next
 * heading of level 2 or more. This reproduces that rendering for the Markdown rule notes use.
 */
export function splitSetupFromNote(note: string): { note: string; setup: string } | undefined {
  const blocks = markdownBlocks(note);
  if (
    !blocks.some((block) => block.kind === "heading" && block.level === 2 && block.text.trim() === "Setup")
  ) {
    return undefined;
  }
  const start = blocks.findIndex((block) => block.kind === "heading" && block.text.includes("Setup"));
  const parts: string[] = [];
  const rest = blocks.slice(start + 1);
  for (let i = 0; i < rest.length; i++) {
    const block = rest[i];
    if (block.kind === "heading" && block.level >= 2) break;
    if (block.kind === "blank") parts.push("\n");
    else if (block.kind === "fence") parts.push(`\`\`\`\n${block.text}\n\`\`\``, "\n");
    else if (block.kind === "item") {
      // A list renders as its items' text run together, each trimmed, with no line breaks between them.
      let list = "";
      for (; i < rest.length && rest[i].kind === "item"; i++) list += inlineText(rest[i].text).trim();
      parts.push(list);
      i--;
    } else parts.push(inlineText(block.text), "\n");
  }
  const setup = parts.join("").trim();
  return { note: note.replace("## Setup\n\n", "").replace(setup, "").trim(), setup };
}

type Block =
  | { kind: "heading"; level: number; text: string }
  | { kind: "blank" | "paragraph" | "item" | "fence"; text: string; level?: undefined };

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^ {0,3}(?:[-+*]|\d{1,9}[.)])[ \t]+/;

function markdownBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !lines[i].trimStart().startsWith(fence[1]); i++) body.push(lines[i]);
      blocks.push({ kind: "fence", text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: "heading", level: heading[1].length, text: heading[2] ?? "" });
      continue;
    }
    if (line.trim() === "") {
      blocks.push({ kind: "blank", text: "" });
      continue;
    }
    const item = LIST_ITEM.test(line);
    const paragraph = [line.replace(LIST_ITEM, "").trim()];
    while (
      i + 1 < lines.length &&
      lines[i + 1].trim() !== "" &&
      !HEADING.test(lines[i + 1]) &&
      !FENCE.test(lines[i + 1]) &&
      !LIST_ITEM.test(lines[i + 1])
    ) {
      paragraph.push(lines[++i].trim());
    }
    blocks.push({ kind: item ? "item" : "paragraph", text: paragraph.join("\n") });
  }
  return blocks;
}

/** Inline Markdown as text: code spans kept with their backticks, links and emphasis reduced to their text. */
function inlineText(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(
      /(`+)([^`]|[^`].*?[^`])\1|(\*\*|__)(.+?)\3|([*_])(.+?)\5/g,
      (match, ticks, code, _s, strong, _e, em) => (ticks ? `\`${code}\`` : (strong ?? em ?? match)),
    );
}
