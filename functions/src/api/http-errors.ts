/**
 * Errors as HTTP: the API's own refusals (authentication, unknown routes) and the status each
 * engine domain error maps to; an invalid request is the engine's RefusedError (invalidRequest in
 * engine/errors.ts), a 400. The engine never sees a status code.
 */
import { ConflictError, type DomainError, NotFoundError, RefusedError, UnavailableError } from "../engine/errors";

/** A request the API itself refuses, with its status and a JSON body's code and details. */
export class ApiError extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function statusOf(error: DomainError): 400 | 404 | 409 | 503 {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UnavailableError) return 503;
  if (error instanceof RefusedError) return 400;
  return 400;
}
