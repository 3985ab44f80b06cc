/**
 * The job view's details in Chromium, on district jobs against the dashboard simulator: per-target
 * rows that expand, the failed-items list and its CSV, retry failed, the circuit breaker, the chart,
 * the error summary, seed 002's snapshot facts and the column drift tallies.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { adminToken, api } from "./support/api";
import { useAdminPage } from "./support/browser";
import { configureDistricts, sim } from "./support/dashboard";
import { waitForFinish } from "./support/jobs";
import { freshStack } from "./support/fresh";

const current = useAdminPage(async () => {
  await freshStack();
  await configureDistricts();
});
let page: Page;
let token: string;
beforeEach(async () => {
  page = current();
  token = await adminToken();
});

async function collect(params: Record<string, unknown>, rateLimits: Record<string, number>): Promise<string> {
  const res = await api("POST", "/", { token, body: { kind: "data-collection", params, rateLimits } });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.body.job.id as string;
}

test("per-district rows expand to their counts and last error; failed items with errors, CSV download; retry failed", async () => {
  await sim.set({ faults: [{ type: "404", districts: ["42"] }] });
  const jobId = await collect(
    { startDate: "2025-03-10", endDate: "2025-03-12", targetDistricts: ["1", "42"] },
    { maxConcurrency: 2, requestsPerMinute: 6000, minDelayMs: 0 },
  );
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("partial").waitFor({ timeout: 60_000 });

  const row42 = page.locator("details[data-target='42']");
  await row42.getByText("42: 3 processed, 3 failed").click();
  await row42.getByText(/^Last error: .*dashboard answered 404/).waitFor();
  expect(await row42.locator("dd").allTextContents()).toEqual(["3", "0", "3", "0", "0"]);
  expect(await page.locator("details[data-target='1'] summary").textContent()).toBe("1: 3 processed");
  // The expanded row stays open while the document updates (e.g. a later snapshot of the same job).
  expect(await row42.getAttribute("open")).toBe("");

  const failed = page.getByRole("table", { name: "Failed items" });
  expect(await failed.locator("tbody tr td:first-child").allTextContents()).toEqual(["2025-03-10~42", "2025-03-11~42", "2025-03-12~42"]);
  expect(await failed.locator("tbody tr").first().textContent()).toContain("dashboard answered 404");
  expect(await page.getByTestId("fact-strategy").textContent()).toBe("per-district");
  expect(await page.getByTestId("error-summary").textContent()).toBe("Errors: 3 failed items, 3 permanent, 0 retryable · by type: DashboardHttpError 3");
  expect(await page.getByTestId("fact-partialSnapshots").textContent()).toBe("2025-03-10, 2025-03-11, 2025-03-12");
  expect(await page.getByTestId("fact-caching").textContent()).toBe("on");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download failed items (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe(`${jobId}-failed-items.csv`);
  const csv = readFileSync(await download.path(), "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toBe("itemKey,outcome,target,attempts,finishedAt,error,retryable,errorType");
  expect(csv.slice(1).map((line) => line.split(",").slice(0, 3).join(","))).toEqual([
    "2025-03-10~42,failed,42",
    "2025-03-11~42,failed,42",
    "2025-03-12~42,failed,42",
  ]);
  expect(csv.slice(1).map((line) => line.split(",").slice(-2).join(","))).toEqual(Array(3).fill("false,DashboardHttpError"));

  await sim.reset(); // the district answers again
  await page.getByRole("button", { name: "Retry failed" }).click();
  await page.waitForFunction(
    (id) => /^Job \S+$/.test(document.getElementById("job-title")?.textContent ?? "") && document.getElementById("job-title")?.textContent !== `Job ${id}`,
    jobId,
  );
  await page.getByTestId("job-status").getByText("completed").waitFor({ timeout: 60_000 });
  expect(await page.getByTestId("count-succeeded").textContent()).toBe("3");
  expect(await page.getByText("No failed items.").count()).toBe(1);
  expect(await page.getByText(`retries ${jobId}`).count()).toBe(1);
});

test("the circuit breaker opens live during a 503 burst and closes; the throughput chart has samples", async () => {
  await sim.set({ faults: [{ type: "503", count: 10 }] });
  const jobId = await collect(
    { startDate: "2025-03-10", endDate: "2025-03-16", targetDistricts: ["2", "3"] },
    { maxConcurrency: 2, requestsPerMinute: 120, minDelayMs: 0 },
  );
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("circuit-toastmasters-dashboard").getByText("open").waitFor({ timeout: 60_000 });
  await page.getByTestId("job-status").getByText("completed").waitFor({ timeout: 120_000 });
  expect(await page.getByTestId("circuit-toastmasters-dashboard").textContent()).toBe("closed");
  expect(await page.getByTestId("count-failed").textContent()).toBe("0");
  const job = await waitForFinish(token, jobId);
  const chart = page.getByRole("img", { name: /^Throughput over time: peak \d+\.\d items\/s/ });
  expect(job.throughput.length).toBeGreaterThanOrEqual(3);
  const points = Number(await chart.getAttribute("data-points"));
  expect(points).toBeGreaterThanOrEqual(1);
  expect(points).toBeLessThanOrEqual(job.throughput.length - 1);
  expect(job.throughput[job.throughput.length - 1].processed).toBe(14);
});

test("a job over an older program year: the column drift tallies, snapshot ids and cache hit rate (a re-run reads the cache)", async () => {
  const params = { startDate: "2024-06-27", endDate: "2024-06-28", targetDistricts: ["61"], skipExisting: false };
  const limits = { maxConcurrency: 2, requestsPerMinute: 6000, minDelayMs: 0 };
  await waitForFinish(token, await collect(params, limits));
  const jobId = await collect(params, limits);
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("completed").waitFor({ timeout: 60_000 });
  expect(await page.getByTestId("fact-snapshotIds").textContent()).toBe("2024-06-27, 2024-06-28");
  expect(await page.getByTestId("fact-cacheHitRate").textContent()).toBe("100%");
  expect(await page.getByTestId("fact-driftExports").textContent()).toBe("2");
  const unknown = page.getByTestId("tally-columnsUnknown");
  await unknown.getByText("Columns unknown: 1 value").click();
  await unknown.getByText("clubperformance: Club Success Plan: 2 items").waitFor();
  expect(await page.getByTestId("tally-columnAliases").locator("summary").textContent()).toBe("Column aliases: 4 values");
  expect(await page.getByTestId("error-summary").count()).toBe(0);
});
