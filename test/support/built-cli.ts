import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The project root: where `npm ci` installs and `bin/dac.js` lives. */
export const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

/**
 * Makes sure `bin/dac.js` runs the current sources: `npm ci` builds dist/ (the `prepare` script), and a
 * test that runs dac as a process rebuilds it only when a source file is newer than the build.
 */
export function ensureBuilt(): void {
  const built = modified(join(PROJECT_ROOT, "dist", "cli", "main.js"));
  if (built !== undefined && newestSource(join(PROJECT_ROOT, "src")) <= built) return;
  execFileSync("npm", ["run", "--silent", "build"], { cwd: PROJECT_ROOT, stdio: "ignore" });
}

function modified(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : (modified(path) ?? 0));
  }
  return newest;
}
