/** The admin page in Chromium: sign-in, and only admins see the console. */
import type { Browser } from "playwright-core";
import { api } from "./support/api";
import { launchBrowser, openSignedIn, pageUrl } from "./support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

test("the page is served by Hosting, with the web app's config from Hosting's init.json and the emulators from the API", async () => {
  const init = await fetch(`${pageUrl()}__/firebase/init.json`);
  expect(init.status).toBe(200);
  expect(await init.json()).toMatchObject({ projectId: "demo-backfill", apiKey: expect.any(String), authDomain: "demo-backfill.firebaseapp.com" });
  const res = await api("GET", "/client-config");
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ emulators: { auth: expect.stringMatching(/:19099$/), firestore: expect.stringMatching(/:18080$/) } });
  const page = await browser.newPage();
  await page.goto(pageUrl());
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.close();
});

test("a non-admin is told so and sees no data", async () => {
  const page = await openSignedIn(browser, "viewer@example.com", null);
  await page.getByRole("heading", { name: "Not an admin" }).waitFor();
  await page.getByText("viewer@example.com is signed in but is not an admin").waitFor();
  expect(await page.getByRole("heading", { name: "Job history" }).isVisible()).toBe(false);
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.close();
});

test("an admin gets the console", async () => {
  const page = await openSignedIn(browser, "admin@example.com", { admin: true });
  await page.getByRole("heading", { name: "Job history" }).waitFor();
  await page.getByText("Signed in as admin@example.com").waitFor();
  await page.close();
});

test("a wrong password is refused with the reason", async () => {
  const page = await browser.newPage();
  await page.goto(pageUrl());
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(/Sign-in failed: auth\/(wrong-password|invalid-credential)/).waitFor();
  await page.close();
});
