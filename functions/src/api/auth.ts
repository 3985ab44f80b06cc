/** Every route needs a Firebase Auth ID token whose custom claim `admin` is true. */
import type { NextFunction, Request, Response } from "express";
import { getAuth } from "firebase-admin/auth";
import { ApiError } from "../engine/errors";
import type { EngineDeps } from "../engine/deps";
import type { Actor } from "../engine/job-schema";
import { log } from "../logs/logger";
import { messages } from "../logs/messages";

export function requireAdmin(deps: () => EngineDeps) {
  return async (req: Request, res: Response, next: NextFunction) => {
    deps(); // initialises the Admin SDK on first use
    const header = req.header("authorization") ?? "";
    const match = /^Bearer (.+)$/i.exec(header);
    if (!match) throw new ApiError(401, "unauthenticated", "Missing Authorization: Bearer <Firebase ID token>", { header: "authorization" });
    let token;
    try {
      token = await getAuth().verifyIdToken(match[1]);
    } catch (error) {
      log.warn(messages.tokenRejected(error instanceof Error ? error.message : String(error)));
      throw new ApiError(401, "unauthenticated", "The ID token is invalid or expired", { header: "authorization" });
    }
    if (token.admin !== true) throw new ApiError(403, "forbidden", "This account is not an admin (custom claim admin: true)", { uid: token.uid });
    res.locals.actor = { uid: token.uid, email: token.email ?? null } satisfies Actor;
    next();
  };
}

export function actorOf(res: Response): Actor {
  return res.locals.actor as Actor;
}
