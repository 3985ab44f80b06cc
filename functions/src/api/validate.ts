/** Zod validation that turns failures into 400s naming each bad field. */
import type { z } from "zod";
import { ApiError } from "./http-errors";

export function validate<S extends z.ZodType>(schema: S, value: unknown, where: "body" | "query" | "path" | "params"): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: [where, ...i.path.map(String)].join("."), message: i.message }));
  throw new ApiError(400, "invalid-request", `Invalid ${where}: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`, { issues });
}
