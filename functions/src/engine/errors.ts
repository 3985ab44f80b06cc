/**
 * Errors a kind's `process` (or a source client) throws to tell the engine what an error means.
 * Anything else thrown is treated as transient (retried, then failed with `retryable: true`).
 */
import type { z } from "zod";

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
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RetryAfterError";
  }
}

/**
 * A request the engine refuses, or cannot carry out for now. Domain errors, not HTTP: the API maps
 * each class to its status (api/http-errors.ts); a trigger or a script reads them as they are.
 * `code` is stable (tests and clients match it); `details` names the field or the state at fault.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is invalid for the engine or the kind (an unknown kind, a district out of scope). */
export class RefusedError extends DomainError {}
/** The job (or another named thing) does not exist. */
export class NotFoundError extends DomainError {}
/** The request conflicts with the current state (a job is running; the job cannot make that transition). */
export class ConflictError extends DomainError {}
/** A dependency refused for now (the task queue): try again. */
export class UnavailableError extends DomainError {}

/**
 * A zod failure as the refusal of an invalid request: `details.issues` names each bad field by its
 * dotted path, under `where` when given ("body", "params"). The API's validation and createJob's both.
 */
export function invalidRequest(error: z.ZodError, where?: string): RefusedError {
  const issues = error.issues.map((i) => ({ field: [...(where ? [where] : []), ...i.path.map(String)].join("."), message: i.message }));
  const list = issues.map((i) => `${i.field}: ${i.message}`).join("; ");
  return new RefusedError("invalid-request", `Invalid ${where ? `${where}: ` : ""}${list}`, { issues });
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
