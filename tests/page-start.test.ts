/** The admin page in Chromium: the start form generated from the kinds' params, preview, confirm, 409. */
import type { Page } from "playwright-core";
import { adminToken } from "./support/api";
import { startFromForm, useAdminPage } from "./support/browser";
import { configureDistricts } from "./support/dashboard";
import { startRecipeJob } from "./support/jobs";
import { seedRecipes } from "./support/recipes";
import { freshStack } from "./support/fresh";

const current = useAdminPage(async () => {
  await freshStack();
  await configureDistricts(["1", "42", "61"]);
});
let page: Page;
beforeEach(async () => {
  page = current();
  await page.getByRole("heading", { name: "Start a job" }).waitFor();
});

test("preview shows items, duration, tokens and their cost; the confirmation previews the values started; Start opens the job live", async () => {
  await seedRecipes(5);
  await page.getByLabel("Kind", { exact: true }).selectOption("recipe-difficulty");
  await page.getByRole("button", { name: "Preview" }).click();
  // 5 x 250 tokens at the default $1 per million tokens
  await page.getByText(/^Preview: 5 items, about \d+ s, about 1,250 tokens \(under \$0\.01\)\.$/).waitFor();
  await page.locator("#limit-maxConcurrency").fill("2");
  await page.getByRole("button", { name: "Start job" }).click();
  const dialog = page.getByRole("dialog", { name: "Start a Recipe difficulty (AI rating) job?" });
  expect(await dialog.getByTestId("confirm-preview").textContent()).toMatch(/^Preview: 5 items, about \d+ s, about 1,250 tokens/);
  expect(await dialog.getByText(/concurrency 2/).count()).toBe(1); // the values being started, not the form's first ones
  await dialog.getByRole("button", { name: "Back" }).click();
  expect(await dialog.isVisible()).toBe(false);
  expect(await page.getByText(/^Job \S+ running\.$/).count()).toBe(0); // Back starts nothing
  await startFromForm(page);
  await page.getByText(/^Job \S+ running\.$/).waitFor();
  await page.getByTestId("job-status").getByText("completed").waitFor({ timeout: 60_000 });
  expect(await page.getByTestId("count-succeeded").textContent()).toBe("5");
});

test("a kind's form comes from its schema: dates before today, districts from the configured scope, service fields hidden", async () => {
  await page.getByLabel("Kind", { exact: true }).selectOption("data-collection");
  const start = page.locator("#param-startDate");
  expect(await start.getAttribute("type")).toBe("date");
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  expect(await start.getAttribute("max")).toBe(yesterday);
  expect(await page.locator("#param-targetDistricts option").allTextContents()).toEqual(["1", "42", "61"]);
  expect(await page.locator("#param-collectionType option").allTextContents()).toContain("per-district");
  expect(await page.locator("#param-resolved").count()).toBe(0);
  await start.fill("2025-03-12");
  await page.locator("#param-endDate").fill("2025-03-10");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByText("The end date 2025-03-10 is before the start date 2025-03-12").waitFor();
  await page.locator("#param-endDate").fill("2025-03-13");
  await page.locator("#param-targetDistricts").selectOption(["42", "61"]);
  await page.locator("#param-collectionType").selectOption("per-district");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.waitForFunction(
    () =>
      document.querySelector("[data-testid=start-status]")?.textContent?.includes("Preview") ||
      document.querySelector("[data-testid=start-status] [role=alert]"),
  );
  expect(await page.getByTestId("start-status").textContent()).toMatch(/^Preview: 4 items, about [^,]+\.$/); // 2 dates x 2 districts, one item each
});

test("starting while a job runs: the 409 names the running job, with a link to it", async () => {
  await seedRecipes(30);
  const running = await startRecipeJob(await adminToken(), { maxConcurrency: 1, requestsPerMinute: 30, minDelayMs: 0 });
  await page.getByLabel("Kind", { exact: true }).selectOption("recipe-difficulty");
  await startFromForm(page);
  await page.getByText(`Backfill job ${running} is running; one job runs at a time`).waitFor();
  await page
    .getByRole("button", { name: `Open job ${running}` })
    .last()
    .click();
  await page.getByRole("heading", { name: `Job ${running}` }).waitFor();
});
