import Anthropic from "@anthropic-ai/sdk";
import { NonRetriableError, RetryAfterError } from "../engine/errors";
import { mapError, promptFor, retryAfterMs } from "./anthropic";

const apiError = (status: number, headers: Record<string, string> = {}) =>
  Anthropic.APIError.generate(status, { type: "error", error: { type: "x", message: "m" } }, "m", new Headers(headers));

test("429 and 529 honour Retry-After", () => {
  const e = mapError(apiError(429, { "retry-after": "3" }));
  expect(e).toBeInstanceOf(RetryAfterError);
  expect((e as RetryAfterError).retryAfterMs).toBe(3000);
  expect((mapError(apiError(529, { "retry-after-ms": "250" })) as RetryAfterError).retryAfterMs).toBe(250);
});

test("5xx, 408 and network errors are transient; other 4xx permanent", () => {
  for (const s of [500, 503, 408, 409]) {
    const e = mapError(apiError(s));
    expect(e).not.toBeInstanceOf(NonRetriableError);
    expect(e).not.toBeInstanceOf(RetryAfterError);
  }
  expect(mapError(new Anthropic.APIConnectionError({ message: "reset" }))).not.toBeInstanceOf(NonRetriableError);
  for (const s of [400, 401, 403, 404, 422]) expect(mapError(apiError(s))).toBeInstanceOf(NonRetriableError);
});

test("retry-after as an HTTP date", () => {
  const ms = retryAfterMs(new Headers({ "retry-after": new Date(Date.now() + 5000).toUTCString() }));
  expect(ms).toBeGreaterThan(3000);
  expect(ms).toBeLessThanOrEqual(5000);
});

test("the prompt carries the title on its own line (the fake server reads it)", () => {
  expect(promptFor({ title: "Soup", ingredients: ["salt"] })).toMatch(/^Title: Soup$/m);
});
