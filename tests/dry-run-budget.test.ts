/**
 * A dry run of a kind without `count` stops listing at its time budget and answers "at least N"
 * (Hosting cuts a request at 60 s); within it, it is exact. The kind: process-metadata's real
 * listing (batches of instances, through Firestore) without its `count`.
 */
import { dryRun } from "../functions/src/engine/dry-run";
import { prepareRequest } from "../functions/src/engine/prepare";
import { freshStack } from "./support/fresh";
import { seedInstances, writeModel } from "./support/processes";
import { testDeps } from "./support/stack";

const LIMITS = { requestsPerMinute: 600, maxConcurrency: 2, minDelayMs: 0 };

it("answers an exact count within the budget and a lower bound past it", async () => {
  await freshStack();
  await writeModel("budget-model", [{ key: "k", path: "a.b" }]);
  await seedInstances("budget-model", 30);
  const deps = testDeps(undefined, { BACKFILL_PAGE_SIZE: "4", PROCESS_METADATA_BACKFILL_ENABLED: "true", PROCESS_METADATA_BATCH_SIZE: "2" });
  const kind = { ...deps.kinds.require("process-metadata"), count: undefined };
  const prepared = await prepareRequest(deps, kind, kind.params.parse({ modelId: "budget-model" }));

  const exact = await dryRun(deps, kind, prepared, LIMITS);
  expect(exact).toMatchObject({ items: 15, itemsComplete: true });

  // No time at all: one page of 4 batches is listed, then the budget stops it.
  const bounded = await dryRun(deps, kind, prepared, LIMITS, 0);
  expect(bounded).toMatchObject({ items: 4, itemsComplete: false });
});
