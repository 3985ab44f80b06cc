/**
 * Every route needs a Firebase Auth ID token whose custom claim `admin` is true. Tokens are
 * verified with revocation checked (`verifyIdToken(token, true)`): a token issued before the
 * user's refresh tokens were revoked (`npm run admin -- revoke`) is refused at once, instead of
 * staying valid for up to an hour. The check costs one Auth lookup per request. (The Admin SDK
 * always checks revocation against the Auth emulator, so the emulator alone cannot show that the
 * flag is set: auth.test.ts does.)
 */
import type { NextFunction, Request, Response } from "express";
import { type DecodedIdToken, getAuth } from "firebase-admin/auth";
import { ApiError } from "./http-errors";
import type { EngineDeps } from "../engine/deps";
import type { Actor } from "../engine/job-schema";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";

/** The part of the Admin SDK's Auth this module uses. */
export interface TokenVerifier {
  verifyIdToken(idToken: string, checkRevoked?: boolean): Promise<DecodedIdToken>;
}

/** Admin SDK error codes for a token that was valid but whose session ended (revoked, user disabled). */
const SESSION_ENDED = new Set(["auth/id-token-revoked", "auth/user-disabled"]);

/** Verifies the token (signature, expiry, revocation) and returns the actor if it is an admin's; throws a 401/403 ApiError otherwise. */
export async function verifyAdmin(verifier: TokenVerifier, authorization: string): Promise<Actor> {
  const match = /^Bearer (.+)$/i.exec(authorization);
  if (!match) throw new ApiError(401, "unauthenticated", "Missing Authorization: Bearer <Firebase ID token>", { header: "authorization" });
  let token: DecodedIdToken;
  try {
    token = await verifier.verifyIdToken(match[1], true);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const reason = error instanceof Error ? error.message : String(error);
    if (typeof code === "string" && SESSION_ENDED.has(code)) {
      log.warn(messages.tokenRevoked(code, reason));
      throw new ApiError(401, "unauthenticated", "The ID token was revoked (or the user disabled): sign in again", { header: "authorization", reason: code });
    }
    log.warn(messages.tokenRejected(reason));
    throw new ApiError(401, "unauthenticated", "The ID token is invalid or expired", { header: "authorization" });
  }
  if (token.admin !== true) throw new ApiError(403, "forbidden", "This account is not an admin (custom claim admin: true)", { uid: token.uid });
  return { uid: token.uid, email: token.email ?? null };
}

export function requireAdmin(deps: () => EngineDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    deps(); // initialises the Admin SDK on first use
    res.locals.actor = await verifyAdmin(getAuth(), req.header("authorization") ?? "");
    next();
  };
}

export function actorOf(res: Response): Actor {
  return res.locals.actor as Actor;
}
