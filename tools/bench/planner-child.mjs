// Run by planner-memory.mjs: lists N synthetic items through the engine's item source, a page at a
// time, and prints one JSON line: peak RSS, RSS along the way, the most items held at once.
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { parseConfig } from "../../functions/lib/config.js";
import { systemClock } from "../../functions/lib/engine/deps.js";
import { sourceFor } from "../../functions/lib/engine/dispatcher/item-source.js";
import { DEFAULT_RATE_LIMITS } from "../../functions/lib/engine/job-schema.js";
import { newJobDoc } from "../../functions/lib/engine/job-store.js";
import { buildRegistry } from "../../functions/lib/kinds/registry.js";

const items = Number(process.argv[2]);
const config = parseConfig({ ...process.env, BACKFILL_SYNTHETIC_KIND: "true" });
const db = getFirestore(getApps()[0] ?? initializeApp({ projectId: "demo-backfill" }));
const deps = { db, config, clock: systemClock, kinds: buildRegistry(config), tasks: null };
const params = deps.kinds.require("synthetic").params.parse({ records: items });
const job = {
  id: "planner-bench",
  ...newJobDoc(
    { kind: "synthetic", params, rateLimits: DEFAULT_RATE_LIMITS, actor: { uid: "bench", email: null }, system: true, retryOf: null, total: items },
    "running",
    Date.now(),
  ),
};
const source = sourceFor(deps, job);

const mb = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const startRss = process.memoryUsage().rss;
let peak = startRss;
let cursor = null;
let listed = 0;
let maxHeld = 0;
const along = [];
const started = Date.now();
for (;;) {
  const page = await source.list(cursor, config.pageSize);
  maxHeld = Math.max(maxHeld, page.items.length);
  listed += page.items.length;
  cursor = page.items.at(-1)?.key ?? cursor;
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  if (listed % (items / 10) === 0) along.push({ listed, rssMb: mb(rss) });
  if (page.done) break;
}
console.log(
  JSON.stringify({
    items: listed,
    pageSize: config.pageSize,
    maxHeld,
    startRssMb: mb(startRss),
    peakRssMb: mb(peak),
    along,
    seconds: (Date.now() - started) / 1000,
  }),
);
