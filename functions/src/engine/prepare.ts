/** A request's params as the job will run them: the kind's `prepare`, if it has one. */
import type { EngineDeps } from "./deps";
import type { AnyKind, Prepared } from "./types";

export async function prepareRequest(deps: EngineDeps, kind: AnyKind, params: Record<string, unknown>): Promise<Prepared<Record<string, unknown>>> {
  return kind.prepare ? kind.prepare({ db: deps.db }, params) : { params };
}
