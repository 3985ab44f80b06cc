/** Zod validation of a request part; a failure is an invalid-request refusal (400) naming each bad field. */
import type { z } from "zod";
import { invalidRequest } from "../engine/errors";

export function validate<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query" | "path" | "params"): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw invalidRequest(parsed.error, where);
}
