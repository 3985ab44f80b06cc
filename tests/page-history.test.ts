/** The admin page's history in Chromium: filters by status, kind and date range; live cursor pages. */
import type { Page } from "playwright-core";
import { useAdminPage } from "./support/browser";
import { freshStack } from "./support/fresh";
import { writeJobs } from "./support/job-fixtures";

const DAY = 86_400_000;
/** Local noon, `days` ago (the page's date filters are local calendar days). */
const noonDaysAgo = (days: number) => {
  const d = new Date(Date.now() - days * DAY);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), 12).getTime();
};
const localDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};

const current = useAdminPage(freshStack);
let page: Page;
beforeEach(() => {
  page = current();
});

const shownJobs = async () => await page.getByRole("table", { name: "Job history" }).locator("tbody tr td:first-child").allTextContents();

test("filters by status, kind and creation date; each change re-queries; a row opens the job view", async () => {
  await writeJobs([
    { id: "done-old", status: "completed", createdAt: noonDaysAgo(10), processed: 7 },
    { id: "cancelled-mid", status: "cancelled", createdAt: noonDaysAgo(5) },
    { id: "done-districts", kind: "data-collection", status: "completed", createdAt: noonDaysAgo(3) },
    { id: "partial-new", status: "partial", createdAt: noonDaysAgo(1) },
  ]);
  await page.getByRole("button", { name: "Open job partial-new" }).waitFor();
  expect(await shownJobs()).toEqual(["partial-new", "done-districts", "cancelled-mid", "done-old"]);

  await page.getByLabel("Filter by status").selectOption("completed");
  await page.waitForFunction(() => document.querySelectorAll("[aria-label='Job history'] tbody tr").length === 2);
  expect(await shownJobs()).toEqual(["done-districts", "done-old"]);

  await page.getByLabel("Filter by kind").selectOption("recipe-difficulty");
  await page.waitForFunction(() => document.querySelectorAll("[aria-label='Job history'] tbody tr").length === 1);
  expect(await shownJobs()).toEqual(["done-old"]);

  await page.getByLabel("Filter by status").selectOption("");
  await page.getByLabel("Filter by kind").selectOption("");
  await page.getByLabel("Created from").fill(localDay(noonDaysAgo(6)));
  await page.getByLabel("Created to").fill(localDay(noonDaysAgo(3)));
  await page.waitForFunction(() => document.querySelectorAll("[aria-label='Job history'] tbody tr").length === 2);
  expect(await shownJobs()).toEqual(["done-districts", "cancelled-mid"]);

  await page.getByLabel("Created to").fill(localDay(noonDaysAgo(8)));
  await page.getByText("Created to is before Created from.").waitFor();
  await page.getByLabel("Created from").fill(localDay(noonDaysAgo(9)));
  await page.getByText("No jobs match these filters.").waitFor();

  await page.getByLabel("Created from").fill("");
  await page.getByLabel("Created to").fill("");
  await page.getByRole("button", { name: "Open job done-old" }).click();
  await page.getByRole("heading", { name: "Job done-old" }).waitFor();
  expect(await page.getByTestId("count-processed").textContent()).toBe("7");
});

test("cursor pages: 20 rows, 'Load more' adds the next ones; a new job appears live at the top and none is lost", async () => {
  const base = noonDaysAgo(2);
  await writeJobs(
    Array.from({ length: 26 }, (_, i) => ({ id: `job-${String(i).padStart(2, "0")}`, status: "completed" as const, createdAt: base + i * 60_000 })),
  );
  await page.getByRole("button", { name: "Open job job-25" }).waitFor();
  expect(await shownJobs()).toHaveLength(20);
  expect((await shownJobs())[19]).toBe("job-06");
  await page.getByRole("button", { name: "Load more" }).click();
  await page.getByRole("button", { name: "Open job job-00" }).waitFor();
  expect(await shownJobs()).toEqual(Array.from({ length: 26 }, (_, i) => `job-${String(25 - i).padStart(2, "0")}`));
  expect(await page.getByRole("button", { name: "Load more" }).isHidden()).toBe(true); // the last page is not full

  await writeJobs([{ id: "job-new", status: "completed", createdAt: Date.now() }]);
  await page.getByRole("button", { name: "Open job job-new" }).waitFor();
  expect(await shownJobs()).toEqual(["job-new", ...Array.from({ length: 26 }, (_, i) => `job-${String(25 - i).padStart(2, "0")}`)]);
});
