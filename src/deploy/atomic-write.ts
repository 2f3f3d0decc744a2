import { randomBytes } from "node:crypto";
import { readdirSync, rmSync } from "node:fs";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const TEMPORARY_SUFFIX = ".tmp";

/**
 * Removes the temporary files this process's writeFileAtomic left in `directory`, for an interrupt that
 * stops a write half-way.
 */
export function removeTemporaries(directory: string): void {
  const marker = `.${process.pid}.`;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(".") && name.includes(marker) && name.endsWith(TEMPORARY_SUFFIX)) {
      rmSync(join(directory, name), { force: true });
    }
  }
}

/**
 * Writes `content` to `path` so that readers see either the old file or the complete new one: the data goes to
 * a temporary file in the same directory (same file system, so the rename is atomic), is flushed, then renamed.
 * On failure the temporary file is removed and `path` is left untouched. Missing parent folders are created.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}${TEMPORARY_SUFFIX}`,
  );
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
