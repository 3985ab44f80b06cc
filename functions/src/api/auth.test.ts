/**
 * verifyAdmin with a recording verifier. The emulator tests (tests/auth-revocation.test.ts) cannot
 * show that revocation is checked: against the Auth emulator the Admin SDK checks it whatever the
 * flag (`checkRevoked || isEmulator` in firebase-admin's verifyIdToken). This test pins the flag.
 */
import type { DecodedIdToken } from "firebase-admin/auth";
import { ApiError } from "./http-errors";
import { type TokenVerifier, verifyAdmin } from "./auth";

function verifier(result: Partial<DecodedIdToken> | Error): TokenVerifier & { calls: Array<[string, boolean | undefined]> } {
  const calls: Array<[string, boolean | undefined]> = [];
  return {
    calls,
    async verifyIdToken(idToken, checkRevoked) {
      calls.push([idToken, checkRevoked]);
      if (result instanceof Error) throw result;
      return { uid: "u1", ...result } as DecodedIdToken;
    },
  };
}

/** An error shaped like the Admin SDK's FirebaseAuthError (its constructor is not public). */
const authError = (code: string, message: string) => Object.assign(new Error(message), { code });

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

test("asks the Admin SDK to check revocation, and lets an admin through", async () => {
  const v = verifier({ admin: true, email: "a@example.com" });
  await expect(verifyAdmin(v, "Bearer tok")).resolves.toEqual({ uid: "u1", email: "a@example.com" });
  expect(v.calls).toEqual([["tok", true]]);
});

test("a revoked token (or a disabled user) is a 401 that says so", async () => {
  for (const code of ["auth/id-token-revoked", "auth/user-disabled"]) {
    const error = await refusal(verifyAdmin(verifier(authError(code, "The Firebase ID token has been revoked.")), "Bearer tok"));
    expect(error).toMatchObject({ status: 401, code: "unauthenticated", details: { reason: code } });
    expect(error.message).toMatch(/revoked/);
  }
});

test("an expired or malformed token is a 401 without the revocation reason", async () => {
  const error = await refusal(verifyAdmin(verifier(authError("auth/id-token-expired", "Firebase ID token has expired.")), "Bearer tok"));
  expect(error).toMatchObject({ status: 401, code: "unauthenticated", message: "The ID token is invalid or expired", details: { header: "authorization" } });
});

test("a valid token without the admin claim is a 403", async () => {
  expect(await refusal(verifyAdmin(verifier({ admin: false }), "Bearer tok"))).toMatchObject({ status: 403, code: "forbidden" });
});

test("no bearer token is a 401 and verifies nothing", async () => {
  const v = verifier({ admin: true });
  expect(await refusal(verifyAdmin(v, "Basic abc"))).toMatchObject({ status: 401, code: "unauthenticated" });
  expect(v.calls).toEqual([]);
});
