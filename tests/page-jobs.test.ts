/** The admin page in Chromium: job history and the live job view (onSnapshot, no polling), cancel. */
import type { Page } from "playwright-core";
import { adminToken } from "./support/api";
import { useAdminPage } from "./support/browser";
import { freshStack } from "./support/fresh";
import { writeJobs } from "./support/job-fixtures";
import { startRecipeJob } from "./support/jobs";
import { seedRecipes } from "./support/recipes";

const current = useAdminPage(freshStack);
let page: Page;
beforeEach(async () => {
  page = current();
  await page.getByText("No jobs yet.").waitFor();
});

const count = (name: string) => page.getByTestId(`count-${name}`).textContent();

test("a job appears in the history live; its view moves to completed with exact counts", async () => {
  await seedRecipes(24);
  const jobId = await startRecipeJob(await adminToken(), { maxConcurrency: 1, requestsPerMinute: 120, minDelayMs: 0 });
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByRole("heading", { name: `Job ${jobId}` }).waitFor();
  // Live: the processed count moves while the job runs (2 items/s), before it completes.
  await page.waitForFunction(
    () => {
      const n = Number(document.querySelector("[data-testid=count-processed]")?.textContent);
      return n > 0 && n < 24;
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.getByTestId("job-status").getByText("completed").waitFor({ timeout: 60_000 });
  expect([await count("processed"), await count("succeeded"), await count("failed"), await count("total")]).toEqual(["24", "24", "0", "24"]);
  expect(await page.getByRole("progressbar", { name: "Progress" }).getAttribute("value")).toBe("100");
  const row = page.getByRole("table", { name: "Job history" }).getByRole("row").filter({ hasText: jobId });
  await row.getByText("completed").waitFor();
});

test("cancel asks for confirmation, then the job is cancelled", async () => {
  await seedRecipes(40);
  const jobId = await startRecipeJob(await adminToken(), { maxConcurrency: 1, requestsPerMinute: 30, minDelayMs: 0 });
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("running").waitFor();
  const actions = page.locator("#job .actions");
  const dialog = page.getByRole("dialog", { name: `Cancel job ${jobId}?` });
  await actions.getByRole("button", { name: "Cancel job" }).click();
  expect(await dialog.textContent()).toContain("Items in flight finish; nothing else starts.");
  await dialog.getByRole("button", { name: "Keep it" }).click();
  await dialog.waitFor({ state: "hidden" });
  expect(await page.getByTestId("job-status").textContent()).toBe("running"); // kept: nothing happened
  await actions.getByRole("button", { name: "Cancel job" }).click();
  await page.keyboard.press("Escape"); // Escape is Back too
  await dialog.waitFor({ state: "hidden" });
  expect(await page.getByTestId("job-status").textContent()).toBe("running");
  await actions.getByRole("button", { name: "Cancel job" }).click();
  await dialog.getByRole("button", { name: "Cancel job" }).click();
  await page.getByTestId("job-status").getByText("cancelled").waitFor();
  expect(await actions.getByRole("button", { name: "Cancel job" }).count()).toBe(0);
});

test("pause and resume through the page: the status and the offered buttons follow live", async () => {
  await seedRecipes(40);
  const jobId = await startRecipeJob(await adminToken(), { maxConcurrency: 1, requestsPerMinute: 30, minDelayMs: 0 });
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("running").waitFor();
  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByTestId("job-status").getByText("paused").waitFor();
  expect(await page.getByRole("button", { name: "Pause" }).count()).toBe(0);
  const processed = Number(await count("processed"));
  await page.getByRole("button", { name: "Resume" }).click();
  await page.getByTestId("job-status").getByText("running").waitFor();
  await page.waitForFunction((n) => Number(document.querySelector("[data-testid=count-processed]")?.textContent) > n, processed, { timeout: 30_000 });
  await page.locator("#job .actions").getByRole("button", { name: "Cancel job" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel job" }).click();
  await page.getByTestId("job-status").getByText("cancelled").waitFor();
});

test("resumed marks are listed with their times and reasons", async () => {
  const at = Date.parse("2026-01-02T03:04:05Z");
  await writeJobs([
    { id: "crashed-once", status: "completed", createdAt: at - 60_000, processed: 3, resumes: [{ at, reason: "no progress for 600 s (stale)" }] },
  ]);
  await page.getByRole("button", { name: "Open job crashed-once" }).click();
  const marks = page.getByRole("region", { name: "Resumes" }).getByRole("listitem");
  expect(await marks.allTextContents()).toEqual([expect.stringMatching(/^resumed .+ ago: no progress for 600 s \(stale\)$/)]);
  // Shown relative; the absolute time is the <time>'s datetime and its hover title.
  const time = marks.first().locator("time");
  expect(await time.getAttribute("datetime")).toBe(new Date(at).toISOString());
  expect(await time.getAttribute("title")).toMatch(/2026/);
});
