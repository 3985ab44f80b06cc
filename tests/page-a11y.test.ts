/**
 * The admin page for keyboard and assistive-technology users, in Chromium: a keyboard-only run
 * sign in -> start (preview, confirm) -> pause -> cancel; axe-core finds no violation on any view
 * (signed out, not an admin, the console, the start confirmation, a running job, the cancel
 * confirmation, a finished district job with every panel); and no view logs a console error or
 * gets a failed request.
 */
import type { Browser, Page } from "playwright-core";
import { adminToken, api, tokenFor } from "./support/api";
import { axeViolations, tabTo, watchProblems } from "./support/a11y";
import { launchBrowser, openSignedIn, pageUrl, TEST_PASSWORD } from "./support/browser";
import { configureDistricts, sim } from "./support/dashboard";
import { freshStack } from "./support/fresh";
import { seedRecipes } from "./support/recipes";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());
beforeEach(async () => {
  await freshStack();
  await configureDistricts(["1", "42"]);
});

async function openWatched(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(pageUrl());
  return { page, problems };
}

test("keyboard only: sign in, start (preview, confirm), pause, cancel; axe finds nothing on each view; no console errors", async () => {
  await seedRecipes(200);
  await tokenFor("admin@example.com", { admin: true });
  const { page, problems } = await openWatched();
  try {
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, page.getByLabel("Email"));
    await page.keyboard.type("admin@example.com");
    await tabTo(page, page.getByLabel("Password"));
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Job history" }).waitFor();
    await page.getByText("No jobs yet.").waitFor();
    await page.getByRole("heading", { name: "Start a job" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    const kind = page.getByLabel("Kind", { exact: true });
    await tabTo(page, kind);
    for (let i = 0; i < 10 && (await kind.inputValue()) !== "recipe-difficulty"; i++) await page.keyboard.press("ArrowDown");
    expect(await kind.inputValue()).toBe("recipe-difficulty");
    await tabTo(page, page.getByRole("button", { name: "Preview", exact: true }));
    await page.keyboard.press("Enter");
    await page.getByText(/^Preview: 200 items/).waitFor();

    await tabTo(page, page.getByRole("button", { name: "Start job", exact: true }));
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("dialog", { name: /^Start a Recipe difficulty/ });
    await confirm.getByTestId("confirm-preview").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Enter"); // the dialog's Start has the focus
    await page.getByTestId("job-status").getByText("running").waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await tabTo(page, page.getByRole("button", { name: "Pause", exact: true }));
    await page.keyboard.press("Enter");
    await page
      .getByTestId("job-status")
      .getByText(/^(pausing|paused)$/)
      .waitFor();

    await tabTo(page, page.locator("#job .actions").getByRole("button", { name: "Cancel job" }));
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: /^Cancel job / }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Enter"); // the dialog's Cancel job has the focus
    await page
      .getByTestId("job-status")
      .getByText(/^(cancelling|cancelled)$/)
      .waitFor();
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test("axe finds nothing on a finished district job's full view, or on the not-admin view; no console errors", async () => {
  await sim.set({ faults: [{ type: "404", districts: ["42"] }] });
  const res = await api("POST", "/", {
    token: await adminToken(),
    body: {
      kind: "data-collection",
      params: { startDate: "2025-03-10", endDate: "2025-03-11", targetDistricts: ["1", "42"] },
      rateLimits: { maxConcurrency: 2, requestsPerMinute: 600, minDelayMs: 0 },
    },
  });
  const jobId = res.body.job.id as string;
  const page = await openSignedIn(browser, "admin@example.com", { admin: true });
  const problems = watchProblems(page);
  try {
    await page.getByRole("button", { name: `Open job ${jobId}` }).click();
    await page.getByTestId("job-status").getByText("partial").waitFor({ timeout: 60_000 });
    await page.locator("details[data-target='42'] summary").click();
    await page.getByRole("table", { name: "Failed items" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }

  const outsider = await openSignedIn(browser, "viewer@example.com", null);
  try {
    await outsider.getByRole("heading", { name: "Not an admin" }).waitFor();
    expect(await axeViolations(outsider)).toEqual([]);
  } finally {
    await outsider.close();
  }
});
