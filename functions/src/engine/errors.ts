/**
 * Errors a kind's `process` (or a source client) throws to tell the engine what an error means.
 * Anything else thrown is treated as transient (retried, then failed with `retryable: true`).
 */

/** The item cannot succeed by trying again (bad data, 4xx, invalid answer): fail it at once. */
export class NonRetriableError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "NonRetriableError";
  }
}

/** The outside system asked us to slow down (429/529 with Retry-After): wait, then retry. */
export class RetryAfterError extends Error {
  readonly retryable = true;
  constructor(message: string, readonly retryAfterMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RetryAfterError";
  }
}

/** A request the API refuses (4xx with these details), or could not carry out for now (503). */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 503,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function isRetryable(error: unknown): boolean {
  return !(error instanceof NonRetriableError);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error's class name, for the job's error summary ("Error" when it has none of its own). */
export function errorType(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  return name === "" ? "Error" : name;
}
