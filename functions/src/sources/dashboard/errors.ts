/**
 * What the dashboard's failures mean to the engine, one class per error type (the job's error
 * summary counts them by name): unavailable is transient (retried, counted by the circuit
 * breaker); an HTTP 4xx and an export that cannot be read are permanent.
 */
import { NonRetriableError } from "../../engine/errors";

/** The source is down or answered something transient (timeout, 5xx, an HTML page, an empty body). */
export class DashboardUnavailableError extends Error {
  readonly retryable = true;
  constructor(message: string) {
    super(message);
    this.name = "DashboardUnavailableError";
  }
}

/** The dashboard refused the request (4xx other than 429): asking again changes nothing. */
export class DashboardHttpError extends NonRetriableError {
  constructor(message: string) {
    super(message);
    this.name = "DashboardHttpError";
  }
}

/** The export cannot be read: an identity column missing, malformed lines, a bad cell, no footer. */
export class DashboardExportError extends NonRetriableError {
  constructor(message: string) {
    super(message);
    this.name = "DashboardExportError";
  }
}
