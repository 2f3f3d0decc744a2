/**
 * detection-rules requires every KQL query in its "optimized" form: the tree its KQL library's optimizer
 * leaves unchanged (tests/test_all_rules.py, test_all_rule_queries_optimized). The optimizer flattens
 * redundant parentheses (`a and (b and c)`), removes double negation, and merges the comparisons of one field
 * inside one and/or list into a single one (`f:a or f:b` → `f:(a or b)`, `not f:a and f:b` → `f:(b and not a)`).
 * Value order inside `f:(...)` does not matter to it. Queries naming powershell.file.script_block_text are
 * exempt, as in detection-rules.
 */
import type { KqlFunctionNode } from "../../kql/ast.js";
import { plainValue } from "../../kql/ast.js";

/** detection-rules' QUERY_FIELD_OP_EXCEPTIONS: fields whose queries are not held to the optimized form. */
const EXEMPT_FIELDS = ["powershell.file.script_block_text"];

export interface NotOptimized {
  /** Offset of the expression the optimizer would rewrite. */
  start: number;
  reason: string;
}

export function kqlNotOptimized(query: string, ast: KqlFunctionNode): NotOptimized[] {
  if (EXEMPT_FIELDS.some((field) => query.includes(field))) return [];
  const problems: NotOptimized[] = [];
  visit(ast, problems);
  return problems;
}

function visit(node: KqlFunctionNode, problems: NotOptimized[]): void {
  if (node.function === "not") {
    const [operand] = node.arguments;
    if (operand.function === "not") {
      problems.push({ start: node.start, reason: "a double negation, which cancels out" });
    }
    visit(operand, problems);
    return;
  }
  if (node.function === "nested") {
    visit(node.arguments[1], problems);
    return;
  }
  if (node.function !== "and" && node.function !== "or") return;
  if (valueGroupField(node) !== undefined) return;
  const seen = new Map<string, number>();
  for (const child of node.arguments) {
    if (child.function === node.function && valueGroupField(child) === undefined) {
      problems.push({
        start: child.start,
        reason: `redundant parentheses around an "${node.function}" inside an "${node.function}"`,
      });
    }
    const field = termField(child);
    if (field === undefined) {
      visit(child, problems);
      continue;
    }
    if (seen.has(field)) {
      problems.push({
        start: child.start,
        reason: `${field} is compared more than once in one "${node.function}"; combine them as ${field}:(... ${node.function} ...)`,
      });
    } else {
      seen.set(field, child.start);
    }
  }
}

/** The field of a term the optimizer groups: `f:x`, `f:(...)`, or either negated. */
function termField(node: KqlFunctionNode): string | undefined {
  if (node.function === "not") {
    const [operand] = node.arguments;
    return operand.function === "is" ? isField(operand) : valueGroupField(operand);
  }
  if (node.function === "is") return isField(node);
  return valueGroupField(node);
}

function isField(node: KqlFunctionNode): string | undefined {
  if (node.function !== "is") return undefined;
  const field = node.arguments[0];
  if (field.type === "literal" && field.value === null) return undefined;
  return String(plainValue(field));
}

/**
 * `f:(a or b)`: an and/or/not tree whose comparisons all come from one written field (the same field text at
 * the same offset). Undefined for anything else, `f:a or f:b` included.
 */
function valueGroupField(node: KqlFunctionNode): string | undefined {
  const leaves: KqlFunctionNode[] = [];
  const collect = (current: KqlFunctionNode): boolean => {
    if (current.function === "is") {
      leaves.push(current);
      return true;
    }
    if (current.function === "and" || current.function === "or" || current.function === "not") {
      return current.arguments.every(collect);
    }
    return false;
  };
  if (node.function === "is" || !collect(node) || leaves.length < 2) return undefined;
  const starts = new Set(leaves.map((leaf) => leaf.arguments[0].start));
  return starts.size === 1 ? isField(leaves[0]) : undefined;
}
