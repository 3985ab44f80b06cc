/**
 * Revoking an admin (`npm run admin -- revoke EMAIL`) takes effect at once: the claim is removed
 * and the user's refresh tokens are revoked, so an ID token issued before the revoke is refused
 * with 401 (without revocation checks it would pass for up to an hour in production), and a fresh
 * sign-in of the same user gets 403. The script runs as a child process against the test stack's
 * Auth emulator (FIREBASE_AUTH_EMULATOR_HOST from the environment).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { api, claimsOf, signIn, tokenFor } from "./support/api";
import { emulatorLog } from "./support/stack";

const EMAIL = "revoked-admin@example.com";
const adminScript = (...args: string[]) => promisify(execFile)(process.execPath, [join(__dirname, "../tools/admin-claim.mjs"), ...args], { env: process.env });

/** Revocation is in whole seconds (auth_time < validSince): revoke in a later second than the sign-in. */
async function nextSecondAfter(token: string): Promise<void> {
  const authTime = claimsOf(token).auth_time as number;
  await new Promise((r) => setTimeout(r, Math.max(0, (authTime + 1) * 1000 - Date.now() + 50)));
}

test("a token issued before the revoke is refused with 401; a fresh sign-in is not an admin (403); a grant lets a fresh sign-in in", async () => {
  const before = await tokenFor(EMAIL, { admin: true, team: "ops" });
  expect((await api("GET", "/jobs", { token: before })).status).toBe(200);
  await nextSecondAfter(before);

  const revoke = await adminScript("revoke", EMAIL);
  expect(revoke.stdout).toContain(`Revoked admin for ${EMAIL}`);

  const refused = await api("GET", "/jobs", { token: before });
  expect(refused.status).toBe(401);
  expect(refused.body.error).toMatchObject({ code: "unauthenticated", details: { reason: "auth/id-token-revoked" } });
  expect(emulatorLog()).toContain("API request refused: ID token revoked (auth/id-token-revoked");

  const fresh = await signIn(EMAIL);
  expect(claimsOf(fresh)).toMatchObject({ team: "ops" }); // other claims kept
  expect(claimsOf(fresh).admin).toBeUndefined();
  const forbidden = await api("GET", "/jobs", { token: fresh });
  expect(forbidden.status).toBe(403);
  expect(forbidden.body.error.code).toBe("forbidden");

  expect((await adminScript("grant", EMAIL)).stdout).toContain(`Granted admin for ${EMAIL}`);
  expect((await api("GET", "/jobs", { token: await signIn(EMAIL) })).status).toBe(200);
});

test("the script names a user that does not exist and exits 1", async () => {
  await expect(adminScript("revoke", "nobody@example.com")).rejects.toMatchObject({
    code: 1,
    stderr: expect.stringContaining("No user nobody@example.com in the Auth emulator"),
  });
});
