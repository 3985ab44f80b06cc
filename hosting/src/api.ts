/** Calls to the HTTPS API with the signed-in user's ID token; errors carry the API's message. */
import type { Auth } from "firebase/auth";
import { API_BASE } from "./firebase";

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }
}

type ErrorBody = { error?: { code: string; message: string; details: unknown } } | null;

/** The Response of an API call; a non-2xx answer throws its JSON error as an ApiCallError. */
export async function fetchApi(auth: Auth, method: string, path: string, body?: unknown): Promise<Response> {
  const token = await auth.currentUser?.getIdToken();
  const res = await fetch(`${API_BASE}${path}`, {
    method,
    headers: { authorization: `Bearer ${token ?? ""}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const json = (await res.json().catch(() => null)) as ErrorBody;
    throw new ApiCallError(res.status, json?.error?.code ?? "error", json?.error?.message ?? `HTTP ${res.status}`, json?.error?.details ?? null);
  }
  return res;
}

export async function callApi<T = unknown>(auth: Auth, method: string, path: string, body?: unknown): Promise<T> {
  return (await (await fetchApi(auth, method, path, body)).json()) as T;
}
