/** Calls the HTTPS API through Hosting's rewrite, as a person with curl would; users from the Auth emulator. */
import { adminAuth, stackEnv } from "./stack";

export interface ApiResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- responses are asserted field by field
  text: string;
}

export async function api(method: string, path: string, options: { token?: string | null; body?: unknown; rawBody?: string } = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const res = await fetch(`${stackEnv.apiUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed, text };
}

/** Creates (or reuses) a user in the Auth emulator and returns a fresh ID token for it. */
export async function tokenFor(email: string, claims: Record<string, unknown> | null): Promise<string> {
  const auth = adminAuth();
  const password = "test-password-1";
  const user = await auth.getUserByEmail(email).catch(() => auth.createUser({ email, password }));
  await auth.setCustomUserClaims(user.uid, claims);
  return signIn(email, password);
}

/** Signs in to the Auth emulator with email and password (a new session) and returns its ID token. */
export async function signIn(email: string, password = "test-password-1"): Promise<string> {
  const res = await fetch(`http://${stackEnv.authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const json = (await res.json()) as { idToken?: string };
  if (!json.idToken) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(json)}`);
  return json.idToken;
}

export const adminToken = () => tokenFor("admin@example.com", { admin: true });
export const userToken = () => tokenFor("user@example.com", null);

/**
 * The Auth emulator's tokens are unsigned JWTs (alg "none"): the same token with other claims is
 * still one the emulator-mode Admin SDK accepts, so `exp` can be moved. `auth_time` stays, since a
 * token from before the user's creation counts as revoked.
 */
export function withClaims(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split(".");
  return [header, Buffer.from(JSON.stringify({ ...claimsOf(token), ...claims })).toString("base64url"), signature].join(".");
}

/** A token's claims (its payload, unverified). */
export function claimsOf(token: string): Record<string, unknown> & { iat: number } {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

/** An admin token that expired a moment ago (issued now, valid for one second, then waited out). */
export async function expiredAdminToken(): Promise<string> {
  const token = await adminToken();
  const { iat } = claimsOf(token);
  const expired = withClaims(token, { exp: iat + 1 });
  await new Promise((r) => setTimeout(r, Math.max(0, (iat + 2) * 1000 - Date.now())));
  return expired;
}
