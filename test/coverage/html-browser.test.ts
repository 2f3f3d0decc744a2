/**
 * Opens the coverage page in a real browser — Debian's headless Chromium driven by playwright-core — and
 * checks what a person sees: one column per tactic, cells coloured by score, the rules on hover.
 */
import { existsSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDac } from "../support/cli.js";
import { coverageRepository } from "./repository.js";

const CHROMIUM = [process.env.DAC_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find(
  (path): path is string => path !== undefined && existsSync(path),
);
if (!CHROMIUM) {
  console.warn(
    "coverage browser test skipped: no Chromium found (apt-get install -y chromium, or set DAC_CHROMIUM)",
  );
}

/** The screenshot stays after the test, for a person to look at. */
const SCREENSHOT = join(tmpdir(), "dac-coverage-matrix.png");

describe.skipIf(!CHROMIUM)("the coverage page in Chromium", () => {
  let dir: string;
  let browser: Browser;
  let pageUrl: string;

  beforeAll(async () => {
    dir = coverageRepository();
    const result = await runDac(["coverage", "rules", "--format", "html", "--out", "coverage.html"], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    pageUrl = pathToFileURL(join(dir, "coverage.html")).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a column per tactic, cells coloured by score, and the rules of a cell on hover", async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(pageUrl);

    const headers = await page.locator(".tactic h2").allInnerTexts();
    expect(headers).toHaveLength(14);
    expect(headers[0]).toContain("Reconnaissance");
    expect(headers[4]).toContain("Persistence\n1 / ");

    const covered = page.locator('[data-tactic="TA0003"] .cell[data-technique="T1098"]');
    const background = (locator: typeof covered) =>
      locator.evaluate((element) => {
        // Runs in the page: its window is globalThis there, but not in this project's (Node) type library.
        const page = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } };
        return page.getComputedStyle(element).backgroundColor;
      });
    expect(await background(covered)).toBe("rgb(8, 81, 156)");
    expect(await background(page.locator('[data-tactic="TA0001"] .cell.technique').first())).toBe(
      "rgb(244, 245, 247)",
    );
    await expect.poll(() => covered.locator(".score").textContent()).toBe("2");

    const popup = covered.locator(".rules");
    expect(await popup.isVisible()).toBe(false);
    await covered.hover();
    expect(await popup.isVisible()).toBe(true);
    expect(await popup.textContent()).toContain("User Added to Administrators");
    expect(await popup.textContent()).toContain("Draft Admin Rule (development)");

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    console.log(`coverage screenshot: ${SCREENSHOT}`);
  }, 60_000);
});
