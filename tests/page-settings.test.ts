/** The admin page's rate-limit settings in Chromium: validation, save, the live saved values and limiter. */
import type { Page } from "playwright-core";
import { adminToken, api } from "./support/api";
import { useAdminPage } from "./support/browser";
import { freshStack } from "./support/fresh";
import { startRecipeJob } from "./support/jobs";
import { seedRecipes } from "./support/recipes";
import { adminDb } from "./support/stack";

const current = useAdminPage(freshStack);
let page: Page;
beforeEach(async () => {
  page = current();
  await page.getByRole("heading", { name: "Rate limits" }).waitFor();
});

const settingsDoc = async () => (await adminDb().doc("backfillSettings/rateLimits").get()).data();
const fill = async (values: Record<string, string>) => {
  for (const [name, value] of Object.entries(values)) await page.locator(`#setting-${name}`).fill(value);
  await page.getByRole("button", { name: "Save settings" }).click();
};

test("out-of-range values are refused on the page, naming the field; valid ones are saved and shown live", async () => {
  await page.getByTestId("settings-saved").getByText("Defaults: 60 requests/min, concurrency 4, min delay 0 ms (never changed).").waitFor();
  expect(await page.locator("#setting-requestsPerMinute").inputValue()).toBe("60");

  await fill({ requestsPerMinute: "0" });
  await page.getByTestId("settings-status").getByText("Not saved: Requests per minute must be a whole number from 1 to 30,000").waitFor();
  await fill({ requestsPerMinute: "90", maxConcurrency: "2.5" });
  await page.getByTestId("settings-status").getByText("Not saved: Max concurrency must be a whole number from 1 to 200").waitFor();
  await fill({ maxConcurrency: "2", minDelayMs: "-1" });
  await page.getByTestId("settings-status").getByText("Not saved: Min delay (ms) must be a whole number from 0 to 600,000").waitFor();
  expect(await settingsDoc()).toBeUndefined(); // nothing was written

  await fill({ requestsPerMinute: "90", maxConcurrency: "2", minDelayMs: "250" });
  await page.getByTestId("settings-status").getByText("Saved: 90 requests/min, concurrency 2, min delay 250 ms.").waitFor();
  await page
    .getByTestId("settings-saved")
    .getByText(/^Saved settings: 90 requests\/min, concurrency 2, min delay 250 ms \(by admin@example\.com, .+\)\.$/)
    .waitFor();
  expect(await settingsDoc()).toMatchObject({ requestsPerMinute: 90, maxConcurrency: 2, minDelayMs: 250, updatedBy: { email: "admin@example.com" } });
  // The start form's limits now start from the saved settings (recipe-difficulty's own defaults still win).
  await page.getByLabel("Kind", { exact: true }).selectOption("recipe-difficulty");
  expect(await page.locator("#limit-requestsPerMinute").inputValue()).toBe("90");
  expect(await page.locator("#limit-maxConcurrency").inputValue()).toBe("1");

  // Saved elsewhere (another admin, the API): the page follows live.
  await api("PUT", "/settings/rate-limits", { token: await adminToken(), body: { requestsPerMinute: 30, maxConcurrency: 1, minDelayMs: 0 } });
  await page
    .getByTestId("settings-saved")
    .getByText(/^Saved settings: 30 requests\/min, concurrency 1, min delay 0 ms/)
    .waitFor();
});

test("the limiter status of the running job, live; none when no job runs", async () => {
  await page.getByTestId("live-limiter").getByText("No job is running.").waitFor();
  await seedRecipes(30);
  const jobId = await startRecipeJob(await adminToken(), { maxConcurrency: 1, requestsPerMinute: 30, minDelayMs: 0 });
  const live = page.getByTestId("live-limiter");
  await live
    .getByText(
      new RegExp(
        `^Job ${jobId} \\(recipe-difficulty\\): [a-z ]+, \\d+ in flight, [1-9]\\d* released in the last minute; its limits: 30 requests/min, concurrency 1, min delay 0 ms\\.$`,
      ),
    )
    .waitFor({ timeout: 30_000 });
  await api("DELETE", `/${jobId}`, { token: await adminToken() });
  await live.getByText("No job is running.").waitFor();
});
