/** Structured logging through firebase-functions' logger; messages come from ./messages only. */
import { logger } from "firebase-functions";

type Fields = Record<string, unknown>;

export const log = {
  debug: (message: string, fields: Fields = {}) => logger.debug(message, fields),
  info: (message: string, fields: Fields = {}) => logger.info(message, fields),
  warn: (message: string, fields: Fields = {}) => logger.warn(message, fields),
  error: (message: string, fields: Fields = {}) => logger.error(message, fields),
  /** Severity CRITICAL: what an alert policy matches (see README). */
  critical: (message: string, fields: Fields = {}) => logger.write({ severity: "CRITICAL", message, ...fields }),
};
