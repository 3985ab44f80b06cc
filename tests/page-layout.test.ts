/**
 * The admin page at a laptop's and a phone's width in Chromium: nothing wider than the screen,
 * every control named. It saves screenshots of the main views (docs/screenshots via
 * `npm run screenshots`; .stack/test/screenshots otherwise).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { adminToken, api } from "./support/api";
import { openSignedIn, pageUrl, useAdminPages } from "./support/browser";
import { configureDistricts, sim } from "./support/dashboard";
import { writeJobs } from "./support/job-fixtures";
import { seedRecipes } from "./support/recipes";
import { freshStack } from "./support/fresh";

const ROOT = join(__dirname, "..");
const SHOTS = process.env.SCREENSHOT_DIR ? join(ROOT, process.env.SCREENSHOT_DIR) : join(ROOT, ".stack/test/screenshots");
const PHONE = { width: 390, height: 844 };

const admin = useAdminPages(async () => {
  await freshStack();
  await configureDistricts(["1", "42", "61"]);
});

beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** A finished district job with a failing district, and older jobs in the history. */
async function seedJobs(): Promise<string> {
  await writeJobs(
    Array.from({ length: 4 }, (_, i) => ({
      id: `earlier-${i}`,
      status: i === 1 ? "cancelled" : "completed",
      createdAt: Date.now() - (i + 1) * 86_400_000,
      processed: 40 + i,
    })),
  );
  await sim.set({ faults: [{ type: "404", districts: ["42"] }] });
  const res = await api("POST", "/", {
    token: await adminToken(),
    body: {
      kind: "data-collection",
      params: { startDate: "2025-03-10", endDate: "2025-03-13", targetDistricts: ["1", "42", "61"] },
      rateLimits: { maxConcurrency: 2, requestsPerMinute: 600, minDelayMs: 0 },
    },
  });
  return res.body.job.id as string;
}

async function openJob(page: Page, jobId: string): Promise<void> {
  await page.getByRole("button", { name: `Open job ${jobId}` }).click();
  await page.getByTestId("job-status").getByText("partial").waitFor({ timeout: 60_000 });
  await page.locator("details[data-target='42'] summary").click();
}

/** Elements sticking out sideways (the page may scroll down, never across; a table may scroll inside its box). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const inScroller = (el: Element) => el.closest(".scroll") !== null && !el.classList.contains("scroll");
    const wide = Array.from(document.querySelectorAll("body *")).filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !inScroller(el));
    return {
      pageWiderBy: document.documentElement.scrollWidth - window.innerWidth,
      elements: wide.map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`).slice(0, 10),
    };
  });

/** Visible controls without an accessible name (label, aria-label or text). */
const unnamed = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("button, input, select, textarea, summary"))
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const labelled = "labels" in el && (el as HTMLInputElement).labels && (el as HTMLInputElement).labels!.length > 0;
        return !labelled && !el.getAttribute("aria-label") && !(el.textContent ?? "").trim();
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );

test("laptop: history, job view, start form and settings fit and are named; screenshots", async () => {
  const page = admin.page();
  await page.setViewportSize({ width: 1280, height: 900 });
  const jobId = await seedJobs();
  await openJob(page, jobId);
  expect(await overflow(page)).toEqual({ pageWiderBy: 0, elements: [] });
  expect(await unnamed(page)).toEqual([]);
  await page.locator("#history").screenshot({ path: join(SHOTS, "history.png") });
  await page.locator("#job").screenshot({ path: join(SHOTS, "job-view.png") });

  await seedRecipes(12);
  await page.getByLabel("Kind", { exact: true }).selectOption("recipe-difficulty");
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByText(/^Preview: 12 items/).waitFor();
  await page.locator("#start").screenshot({ path: join(SHOTS, "start-form.png") });
  await page.getByRole("button", { name: "Start job" }).click();
  const confirm = page.getByRole("dialog", { name: /^Start a Recipe difficulty/ });
  await confirm.getByTestId("confirm-preview").waitFor();
  await confirm.screenshot({ path: join(SHOTS, "start-confirm.png") });
  await confirm.getByRole("button", { name: "Back" }).click();
  await page.locator("#settings").screenshot({ path: join(SHOTS, "settings.png") });
});

test("phone width: the console and the job view fit the screen; every control is named", async () => {
  const jobId = await seedJobs();
  const phone = await openSignedIn(admin.browser(), "admin@example.com", { admin: true }, PHONE);
  try {
    await openJob(phone, jobId);
    expect(await overflow(phone)).toEqual({ pageWiderBy: 0, elements: [] });
    expect(await unnamed(phone)).toEqual([]);
    for (const name of ["Retry failed", "Download failed items (CSV)", "Close job view", "Preview", "Start job", "Save settings"]) {
      const box = await phone.getByRole("button", { name, exact: true }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    }
    await phone.locator("#job").screenshot({ path: join(SHOTS, "phone-job-view.png") });
  } finally {
    await phone.close();
  }
});

test("sign-in view (screenshot)", async () => {
  const page = await admin.browser().newPage({ viewport: { width: 900, height: 500 } });
  try {
    await page.goto(pageUrl());
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await unnamed(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "sign-in.png") });
  } finally {
    await page.close();
  }
});
