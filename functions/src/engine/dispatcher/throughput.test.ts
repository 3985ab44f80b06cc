import fc from "fast-check";
import { addSample, MAX_SAMPLES, SAMPLE_GAP_MS, type ThroughputSample } from "./throughput";

const times = (s: ThroughputSample[]) => s.map((x) => x.at.toMillis());

test("one sample per gap; a forced one (the job's end) is always added", () => {
  let s = addSample([], 0, 0);
  s = addSample(s, 1_000, 3);
  expect(times(s)).toEqual([0]);
  s = addSample(s, SAMPLE_GAP_MS, 7);
  s = addSample(s, SAMPLE_GAP_MS + 10, 9, true);
  expect(s.map((x) => [x.at.toMillis(), x.processed])).toEqual([
    [0, 0],
    [SAMPLE_GAP_MS, 7],
    [SAMPLE_GAP_MS + 10, 9],
  ]);
});

test("property: bounded, in time order, spans the whole job (first and newest kept), newest count last", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.nat(50), fc.boolean()), { maxLength: 600 }), (steps) => {
      let s: ThroughputSample[] = [];
      let now = 1_000_000;
      let processed = 0;
      for (const [gap, done, force] of steps) {
        now += gap;
        processed += done;
        const lastAt = s.length ? s[s.length - 1].at.toMillis() : -Infinity;
        s = addSample(s, now, processed, force);
        const added = force || now - lastAt >= SAMPLE_GAP_MS;
        expect(s[s.length - 1].at.toMillis()).toBe(added ? now : lastAt);
        if (added) expect(s[s.length - 1].processed).toBe(processed);
      }
      expect(s.length).toBeLessThanOrEqual(MAX_SAMPLES);
      const t = times(s);
      expect([...t].sort((a, b) => a - b)).toEqual(t);
      expect(new Set(t).size).toBe(t.length);
      if (steps.length > 0) expect(t[0]).toBe(1_000_000 + steps[0][0]);
      const counts = s.map((x) => x.processed);
      expect([...counts].sort((a, b) => a - b)).toEqual(counts);
    }),
    { numRuns: 200 },
  );
});
