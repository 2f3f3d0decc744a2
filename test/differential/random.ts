export { createRandom, type Random } from "../support/random.js";

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
