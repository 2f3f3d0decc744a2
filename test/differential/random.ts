/** A small seeded PRNG (mulberry32) and the draws the generators need; the same seed gives the same run. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items (fewer when there are fewer). */
  sample<T>(items: readonly T[], count: number): T[];
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: (items) => items[int(0, items.length - 1)],
    sample(items, count) {
      const pool = [...items];
      const out = [];
      while (out.length < count && pool.length > 0) out.push(pool.splice(int(0, pool.length - 1), 1)[0]);
      return out;
    },
  };
}

/**
 * CI runs a fixed seed so a red run always replays; DAC_DIFF_SEED (or tools/differential.mjs --seed) explores
 * other seeds.
 */
export const DEFAULT_SEED = 20261127;

/** The seed of this run: DAC_DIFF_SEED when set, else the fixed default. */
export function runSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.DAC_DIFF_SEED;
  if (given !== undefined && given.trim() !== "") {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0)
      throw new Error(`DAC_DIFF_SEED must be a non-negative integer, got "${given}"`);
    return seed;
  }
  return DEFAULT_SEED;
}
