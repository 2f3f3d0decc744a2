/** The coverage palette shared by the Navigator layer gradient and the HTML matrix. */
export const COVERAGE_COLORS = {
  /** No rule maps the technique. */
  none: "#f4f5f7",
  /** Only rules that are not counted map it. */
  uncounted: "#fde8b0",
  /** Gradient ends: one counted rule → low, the highest score → high. */
  low: "#c6dbef",
  high: "#08519c",
} as const;

/** The colour of a score on the gradient from `low` (score 1) to `high` (score `max`). */
export function scoreColor(score: number, max: number, listedRules: number): string {
  if (score === 0) return listedRules > 0 ? COVERAGE_COLORS.uncounted : COVERAGE_COLORS.none;
  const t = max <= 1 ? 1 : (score - 1) / (max - 1);
  const [from, to] = [rgb(COVERAGE_COLORS.low), rgb(COVERAGE_COLORS.high)];
  const mixed = from.map((channel, i) => Math.round(channel + (to[i] - channel) * t));
  return `#${mixed.map((channel) => channel.toString(16).padStart(2, "0")).join("")}`;
}

/** Dark text on light cells, white on dark ones. */
export function textColor(background: string): string {
  const [r, g, b] = rgb(background);
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#1a1c21" : "#ffffff";
}

function rgb(hex: string): number[] {
  return [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
}
