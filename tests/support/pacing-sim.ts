/** A dispatcher loop over the pure pacing functions, simulated (unit and property tests share it). */
import type { RateLimits } from "../../functions/src/engine/job-schema";
import { consume, decide, type PacingState } from "../../functions/src/engine/dispatcher/pacing";

const idle = (): PacingState => ({ lastReleaseAt: null, recentFinishes: [], inFlight: 0, throttledUntil: null });

/** Simulates a dispatcher loop over random limits, item durations and wake-ups. */
export function simulate(l: RateLimits, durations: number[], wakeEvery: number) {
  let now = 0;
  let state = idle();
  const starts: number[] = [];
  const running: { end: number }[] = [];
  const finishes: number[] = [];
  let next = 0;
  let maxInFlight = 0;
  while (next < durations.length && now < 10_000_000) {
    for (const r of running.filter((x) => x.end <= now)) {
      running.splice(running.indexOf(r), 1);
      finishes.push(r.end);
    }
    state = { ...state, inFlight: running.length, recentFinishes: finishes.filter((t) => now - t < l.minDelayMs) };
    const d = decide(l, state, now);
    if (d.kind === "release") {
      const count = Math.min(d.count, durations.length - next);
      for (let i = 0; i < count; i += 1) {
        starts.push(now);
        running.push({ end: now + durations[next] });
        next += 1;
      }
      state = { ...state, lastReleaseAt: consume(l, state.lastReleaseAt, count, now) };
      maxInFlight = Math.max(maxInFlight, running.length);
    } else {
      now += Math.max(1, Math.min(d.waitMs ?? wakeEvery, wakeEvery));
    }
  }
  return { starts, finishes, maxInFlight };
}
