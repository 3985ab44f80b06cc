/**
 * The admin page in real Chromium, driven by playwright-core: BACKFILL_CHROMIUM, or Debian's
 * /usr/bin/chromium (which npm install puts there where apt-get can).
 */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { tokenFor } from "./api";
import { stackEnv } from "./stack";

/** Flags for this machine's closed network (no background connections) and running as root. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function chromiumPath(): string {
  const path = process.env.BACKFILL_CHROMIUM || "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: the browser tests need Chromium or Chrome; install one (npm install does, where apt-get can) or run the tests with BACKFILL_CHROMIUM=/path/to/chrome`,
    );
  }
  return path;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: ARGS });
}

/** The page Hosting serves, beside the API. */
export const pageUrl = () => `${new URL(stackEnv.apiUrl).origin}/`;

export const TEST_PASSWORD = "test-password-1";

/** Opens the page and signs in as a user (created in the Auth emulator with these claims). */
export async function openSignedIn(
  browser: Browser,
  email: string,
  claims: Record<string, unknown> | null,
  viewport?: { width: number; height: number },
): Promise<Page> {
  await tokenFor(email, claims); // creates the user and sets the claims
  const page = await browser.newPage(viewport ? { viewport } : {});
  await page.goto(pageUrl());
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

/**
 * For a page test file: one browser for the file, and a fresh admin page per test (after the
 * test's own `beforeEach` setup, e.g. clearing Firestore). Returns a getter for that page.
 */
export function useAdminPage(setup: () => Promise<void> = async () => undefined): () => Page {
  return useAdminPages(setup).page;
}

/** As useAdminPage, also giving the file's browser (for more pages, e.g. at a phone's width). */
export function useAdminPages(setup: () => Promise<void> = async () => undefined): { page: () => Page; browser: () => Browser } {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  beforeEach(async () => {
    await setup();
    page = await openSignedIn(browser, "admin@example.com", { admin: true });
  });
  afterEach(() => page?.close());
  return { page: () => page, browser: () => browser };
}

/** Clicks "Start job" and confirms in the dialog that previews the values; answers the dialog's preview line. */
export async function startFromForm(page: Page): Promise<string> {
  await page.getByRole("button", { name: "Start job" }).click();
  const dialog = page.getByRole("dialog", { name: /^Start a .+ job\?$/ });
  const preview = (await dialog.getByTestId("confirm-preview").textContent()) ?? "";
  await dialog.getByRole("button", { name: "Start", exact: true }).click();
  return preview;
}
