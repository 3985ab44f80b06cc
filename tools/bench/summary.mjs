// The plain-text summary `npm run bench` ends with (and `npm run bench -- summary` prints again from
// the last run's .stack/bench/results.json): every figure of issue #17's table, with its target.
import { formatScale } from "./scale.mjs";
/** What the rate-limit job's slots allow: concurrency over the slot budget. */
const LIMITS_NOTE = (x) => `each of the job's slots must turn over within ${x.slotBudgetMs} ms to reach ${x.limitPerSecond}/s`;

export function benchSummary(r) {
  const lines = [`Benchmarks ${r.date} on ${r.machine}`];
  if (r.rateLimit) {
    const x = r.rateLimit;
    lines.push(
      `rate-limit utilisation: ${x.utilisation} of ${x.limitPerSecond}/s (target >= 0.95); busiest 10 s: ${x.busiest10s} calls, limit ${x.allowed10s}`,
    );
    lines.push(`engine vs seed 000's sequential loop: ${x.speedUp}x (${x.engineItemsPerSecond} vs ${x.sequentialItemsPerSecond} items/s; target >= 2.8x)`);
    lines.push(`progress latency: p50 ${x.progressLatency.p50Ms} ms, p95 ${x.progressLatency.p95Ms} ms (target p95 <= 1500 ms)`);
    const tl = x.timeline;
    if (tl?.held)
      lines.push(
        `  slots: ${LIMITS_NOTE(x)}; released -> committed mean ${tl.held.meanMs} ms (p50 ${tl.held.p50Ms}): released -> started p50 ${tl.queue.p50Ms} ms, started -> committed p50 ${tl.run.p50Ms} ms`,
      );
  }
  if (r.overhead) {
    const { a, b, b100k } = r.overhead;
    const t = (x) => (x ? `p50 ${x.p50Ms} / p95 ${x.p95Ms} / p99 ${x.p99Ms} ms` : "n/a");
    const cpu = (x) => `${x.functionsMs} ms functions, ${x.platformMs} ms tasks/functions emulator, ${x.firestoreMs} ms Firestore`;
    lines.push(
      `overhead (a) one item per task vs bare task function: ${a.ratio} (${a.engine.itemsPerSecond} vs ${a.bare.itemsPerSecond} items/s; target >= 0.8)`,
    );
    lines.push(
      `  item timeline (one per task): released -> started ${t(a.engine.timeline.queue)}; started -> committed ${t(a.engine.timeline.run)}; committed -> shown ${t(a.engine.timeline.shown)}; released -> shown ${t(a.engine.timeline.slot)}`,
    );
    lines.push(`  CPU per item: engine ${cpu(a.engine.cpuPerRecord)}; bare ${cpu(a.bare.cpuPerRecord)}`);
    const hot = (x) =>
      `${x.hotDocuments.busiest1s.writes} writes in 1 s (${x.hotDocuments.busiest1s.category}), closest two ${x.hotDocuments.closest.ms} ms apart (${x.hotDocuments.closest.category})`;
    lines.push(`  busiest engine document (target: 1 write in any 1 s): one per task ${hot(a.engine)}; batched 100k ${hot(b100k.engine)}`);
    lines.push(`  listeners re-sent ${a.engine.listenerResentPerTick} unchanged documents per dispatcher tick (unbilled)`);
    for (const x of [b, b100k]) {
      lines.push(
        `overhead (b) batched (${x.engine.batchSize}/task) vs BulkWriter, ${x.records} records: ${x.ratio} (${x.engine.itemsPerSecond} vs ${x.bulkWriter.itemsPerSecond} records/s; target >= 0.5); CPU per record ${cpu(x.engine.cpuPerRecord)}`,
      );
    }
    lines.push(`engine reads per item, one per task: ${a.engine.readsPerRecord} (target <= 0.3)`);
    lines.push(
      `engine writes per item: ${a.engine.writesPerRecord} one per task (target <= 1.05), ${b.engine.writesPerRecord} batched (target <= 0.02); job document writes: ${a.engine.jobDocWrites} and ${b.engine.jobDocWrites} for 10,000 records`,
    );
    lines.push(`cost per 1M items: $${r.cost.oneItemPerTask.total} one per task (target <= $3.25), $${r.cost.batched.total} batched (target <= $0.05)`);
  }
  lines.push(`scale model (production limits, this run's per-item times):\n${formatScale(r.scale)}`);
  if (r.planner)
    lines.push(
      `planner memory: peak RSS ${r.planner.peakRssMb} MB over ${r.planner.items} items (target < 300 MB); most items held at once ${r.planner.maxHeld} (page size ${r.planner.pageSize})`,
    );
  return lines.join("\n");
}
