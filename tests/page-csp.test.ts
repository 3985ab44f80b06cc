/**
 * The admin page under the Content-Security-Policy Hosting sends (firebase.json's, with the emulators'
 * origins added to connect-src by the local stack), in Chromium: every view (sign-in, not-admin, history, a job
 * with failed items and the CSV download, the start form with a preview and a started job, settings)
 * runs with zero `securitypolicyviolation` events and zero console errors; the response carries the
 * security headers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { adminToken, api, tokenFor } from "./support/api";
import { launchBrowser, pageUrl, startFromForm, TEST_PASSWORD } from "./support/browser";
import { configureDistricts, sim } from "./support/dashboard";
import { freshStack } from "./support/fresh";
import { writeJobs } from "./support/job-fixtures";
import { seedRecipes } from "./support/recipes";
import { stackEnv } from "./support/stack";

interface Violation {
  directive: string;
  blocked: string;
  source: string;
}

/** firebase.json's headers for the admin page's Hosting target, by lower-case name. */
function deployedHeaders(): Record<string, string> {
  const config = JSON.parse(readFileSync(join(__dirname, "../firebase.json"), "utf8"));
  const entry = config.hosting.find((h: { target?: string }) => h.target === "backfill-admin");
  const rule = entry.headers.find((r: { source: string }) => r.source === "**");
  return Object.fromEntries(rule.headers.map((h: { key: string; value: string }) => [h.key.toLowerCase(), h.value]));
}

const directives = (policy: string) =>
  Object.fromEntries(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );

let browser: Browser;
let page: Page;
let consoleErrors: string[];
const violations = () => page.evaluate(() => (window as unknown as { __cspViolations: Violation[] }).__cspViolations);

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** A phone's browser: getAuth() would load apis.google.com and an auth iframe there (the policy refuses both). */
const PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

beforeEach(async () => {
  await freshStack();
  await configureDistricts(["1", "42", "61"]);
  const phone = expect.getState().currentTestName?.includes("phone") ?? false;
  page = await browser.newPage({ acceptDownloads: true, ...(phone ? { userAgent: PHONE, viewport: { width: 390, height: 844 } } : {}) });
  consoleErrors = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  // Runs before the page's own scripts in every document (injected by the browser, not subject to the policy).
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { __cspViolations: Violation[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) =>
      seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` }),
    );
  });
});
// Checked after every test, also one that failed on its way (the violation then says why).
afterEach(async () => {
  try {
    expect(await violations()).toEqual([]);
    expect(consoleErrors).toEqual([]);
  } finally {
    await page?.close();
  }
});

test("Hosting sends the security headers: firebase.json's policy, the emulators added to connect-src only", async () => {
  const response = await page.goto(pageUrl());
  const headers = response!.headers();
  const deployed = deployedHeaders();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe(deployed["referrer-policy"]);
  expect(deployed["referrer-policy"]).toBe("strict-origin-when-cross-origin");

  const served = directives(headers["content-security-policy"]);
  const production = directives(deployed["content-security-policy"]);
  expect(production["frame-ancestors"]).toEqual(["'none'"]);
  expect(production["script-src"]).toEqual(["'self'"]);
  expect(production["style-src"]).toEqual(["'self'"]);
  expect(production["connect-src"]).toEqual([
    "'self'",
    "https://identitytoolkit.googleapis.com",
    "https://securetoken.googleapis.com",
    "https://firestore.googleapis.com",
  ]);
  const emulators = [`http://${stackEnv.authHost}`, `http://${stackEnv.firestoreHost}`];
  expect(served).toEqual({ ...production, "connect-src": [...production["connect-src"], ...emulators] });

  const script = await page.request.get(new URL("app.js", pageUrl()).href);
  expect(script.headers()["x-content-type-options"]).toBe("nosniff");
  expect(script.headers()["content-type"]).toMatch(/javascript/);
});

test("every view runs under the policy with no violation and no console error", async () => {
  await page.goto(pageUrl());
  await page.getByRole("heading", { name: "Sign in" }).waitFor();

  // A signed-in non-admin, then sign out.
  await tokenFor("viewer@example.com", null);
  await signIn("viewer@example.com");
  await page.getByRole("heading", { name: "Not an admin" }).waitFor();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();

  // History, with older jobs and a district job that ends partial with a failed district.
  await writeJobs(
    Array.from({ length: 3 }, (_, i) => ({ id: `earlier-${i}`, status: "completed" as const, createdAt: Date.now() - (i + 1) * 86_400_000, processed: 10 })),
  );
  await sim.set({ faults: [{ type: "404", districts: ["42"] }] });
  const created = await api("POST", "/", {
    token: await adminToken(),
    body: {
      kind: "data-collection",
      params: { startDate: "2025-03-10", endDate: "2025-03-11", targetDistricts: ["1", "42"] },
      rateLimits: { maxConcurrency: 2, requestsPerMinute: 600, minDelayMs: 0 },
    },
  });
  expect(created.status).toBe(201);
  const jobId = created.body.job.id as string;
  await tokenFor("admin@example.com", { admin: true });
  await signIn("admin@example.com");
  await page.getByRole("heading", { name: "Job history" }).waitFor();
  await page.getByRole("button", { name: "Open job earlier-0" }).waitFor();

  // The job view, live to its end: chart, districts, failed items, the CSV download.
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("partial").waitFor({ timeout: 60_000 });
  await page.locator("details[data-target='42'] summary").click();
  await page.getByRole("table", { name: "Failed items" }).waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download failed items (CSV)" }).click()]);
  expect(download.suggestedFilename()).toBe(`${jobId}-failed-items.csv`);

  // The start form: a preview, then a started job followed live.
  await seedRecipes(4);
  await page.getByLabel("Kind", { exact: true }).selectOption("recipe-difficulty");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByText(/^Preview: 4 items/).waitFor();
  await startFromForm(page);
  await page.getByTestId("job-status").getByText("completed").waitFor({ timeout: 60_000 });

  // Settings: a save, shown live.
  await page.locator("#setting-requestsPerMinute").fill("90");
  await page.getByRole("button", { name: "Save settings" }).click();
  await page
    .getByTestId("settings-saved")
    .getByText(/^Saved settings: 90 requests\/min/)
    .waitFor();

  expect(await violations()).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test("a phone's browser signs in under the policy too (no popup/redirect machinery loaded)", async () => {
  expect(await page.evaluate(() => navigator.userAgent)).toContain("iPhone");
  await page.goto(pageUrl());
  await tokenFor("admin@example.com", { admin: true });
  await signIn("admin@example.com");
  await page.getByRole("heading", { name: "Job history" }).waitFor();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
});

async function signIn(email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}
