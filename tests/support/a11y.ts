/**
 * Accessibility and hygiene checks for the admin page in Chromium: axe-core's rules on the current
 * view, keyboard-only navigation (Tab to a named control), and the page's console errors and
 * failed requests.
 */
import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";

const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page as it is now (WCAG 2.x A/AA and best practices), one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // evaluate is not subject to the page's CSP (script-src 'self'), unlike an injected script tag.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<Result> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  });
}

/** Presses Tab until `target` has the focus (at most `max` presses): the control is reachable by keyboard. */
export async function tabTo(page: Page, target: Locator, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`${target.toString()} took more than ${max} Tab presses to reach`);
}

/** Collects the page's console errors, uncaught errors and failed requests (HTTP 4xx/5xx) from now on. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  page.on("requestfailed", (request) => problems.push(`failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ""}`));
  return problems;
}
