/** The kind contract for synthetic: computed items (nothing to seed), effects that count their applications. */
import fc from "fast-check";
import { kindContract } from "../../testing/kind-contract";
import { EFFECTS, synthetic } from ".";
import { itemCount, itemKey } from "./keys";

kindContract({
  kind: synthetic(),
  cases: fc.record({ records: fc.integer({ min: 1, max: 60 }), batchSize: fc.integer({ min: 1, max: 7 }) }),
  seed: async () => undefined,
  params: (c) => c,
  expectedKeys: (c) => Array.from({ length: itemCount(c.records, c.batchSize) }, (_, i) => itemKey(i)),
  effects: [EFFECTS],
  countsApplications: "its counter is the fault suite's proof that the engine applies each effect once",
});
