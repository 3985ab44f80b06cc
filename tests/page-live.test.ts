/**
 * Live updates that never fight the user, in Chromium: the job view updates in place (lit-html), so
 * Pause/Resume clicked 20 times while snapshots arrive each act, and the focused control keeps its
 * element and its focus across updates, in the job view and in the history.
 */
import type { Page } from "playwright-core";
import { adminToken } from "./support/api";
import { useAdminPage } from "./support/browser";
import { freshStack } from "./support/fresh";
import { startRecipeJob } from "./support/jobs";
import { seedRecipes } from "./support/recipes";
import { adminDb } from "./support/stack";

const current = useAdminPage(freshStack);
let page: Page;
beforeEach(() => {
  page = current();
});

/** Resolves once the job view has drawn `n` more job snapshots with a new processed count. */
async function snapshotsArrive(n: number): Promise<void> {
  const start = Number(await page.getByTestId("count-processed").textContent());
  await page.waitForFunction((target) => Number(document.querySelector("[data-testid=count-processed]")?.textContent) >= target, start + n, {
    timeout: 30_000,
  });
}

test("Pause and Resume clicked 20 times while snapshots arrive: every click acts", async () => {
  await seedRecipes(400);
  const jobId = await startRecipeJob(await adminToken(), { maxConcurrency: 2, requestsPerMinute: 120, minDelayMs: 0 });
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("running").waitFor();
  await snapshotsArrive(2);

  const action = page.locator("#job .actions button[data-action=pause], #job .actions button[data-action=resume]");
  for (let click = 0; click < 20; click++) {
    const pausing = click % 2 === 0;
    await action.getByText(pausing ? "Pause" : "Resume", { exact: true }).click();
    // The click acted: the status moved, and the same button now offers the other action.
    await page
      .getByTestId("job-status")
      .getByText(pausing ? /^(pausing|paused)$/ : "running")
      .waitFor({ timeout: 30_000 });
    await action.getByText(pausing ? "Resume" : "Pause", { exact: true }).waitFor();
    if (!pausing) await snapshotsArrive(1); // running again: snapshots keep arriving while the next click comes
  }
  expect(await page.getByTestId("action-error").textContent()).toBe("");
  const audit: Array<{ action: string; by: { email: string | null } }> = (await adminDb().doc(`backfillJobs/${jobId}`).get()).get("audit");
  const byAdmin = audit.filter((e) => e.by.email === "admin@example.com").map((e) => e.action);
  expect(byAdmin.filter((a) => a === "pausing" || a === "paused")).toHaveLength(10);
  expect(byAdmin.filter((a) => a === "resumed")).toHaveLength(10);
});

test("the focused control keeps its element and its focus while snapshots arrive (job view and history)", async () => {
  await seedRecipes(200);
  const jobId = await startRecipeJob(await adminToken(), { maxConcurrency: 2, requestsPerMinute: 120, minDelayMs: 0 });
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("running").waitFor();

  const pause = page.getByRole("button", { name: "Pause", exact: true });
  await pause.focus();
  await pause.evaluate((el) => ((el as HTMLElement & { marked?: boolean }).marked = true));
  await snapshotsArrive(4);
  expect(await page.evaluate(() => (document.activeElement as (HTMLElement & { marked?: boolean }) | null)?.marked === true)).toBe(true);
  // The keyboard still works on it: Enter pauses.
  await page.keyboard.press("Enter");
  await page
    .getByTestId("job-status")
    .getByText(/^(pausing|paused)$/)
    .waitFor();
  expect(await page.evaluate(() => (document.activeElement as (HTMLElement & { marked?: boolean }) | null)?.marked === true)).toBe(true);
  await page.keyboard.press("Enter"); // the same button, now Resume
  await page.getByTestId("job-status").getByText("running").waitFor();

  // The history's row button for the job stays the same element while its row updates.
  const open = page.getByRole("button", { name: `Open job ${jobId}` });
  await open.focus();
  await open.evaluate((el) => ((el as HTMLElement & { marked?: boolean }).marked = true));
  await snapshotsArrive(4);
  expect(await page.evaluate(() => (document.activeElement as (HTMLElement & { marked?: boolean }) | null)?.marked === true)).toBe(true);
});
