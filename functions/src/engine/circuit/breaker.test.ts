import fc from "fast-check";
import { admit, type Circuit, type CircuitPolicy, CLOSED, onFailure, onSuccess } from "./breaker";

const policy: CircuitPolicy = { source: "s", failureThreshold: 3, coolDownMs: 1000, maxOutageMs: 60_000, probeTimeoutMs: 200 };

test("opens after N consecutive failures; a success in between resets the count", () => {
  let c = CLOSED;
  c = onFailure(c, policy, 0, "e1");
  c = onFailure(c, policy, 1, "e2");
  c = onSuccess(c);
  expect(c).toEqual(CLOSED);
  for (let i = 0; i < 3; i += 1) c = onFailure(c, policy, 10, `e${i}`);
  expect(c).toMatchObject({ state: "open", openUntil: 1010, outageSince: 10, lastError: "e2" });
  expect(admit(c, policy, 500)).toEqual({ kind: "wait", untilMs: 1010, next: c });
});

test("after the cool-down one probe goes; others wait; the probe's result closes or reopens", () => {
  let c: Circuit = { ...CLOSED, state: "open", failures: 3, openUntil: 1000, outageSince: 0 };
  const probe = admit(c, policy, 1000);
  expect(probe).toMatchObject({ kind: "go", next: { state: "half-open", probeAt: 1000 } });
  c = probe.next;
  expect(admit(c, policy, 1100)).toMatchObject({ kind: "wait", untilMs: 1200 });
  expect(admit(c, policy, 1300)).toMatchObject({ kind: "go", next: { probeAt: 1300 } }); // the probe was lost
  expect(onSuccess(c)).toEqual(CLOSED);
  expect(onFailure(c, policy, 1400, "still down")).toMatchObject({ state: "open", openUntil: 2400, outageSince: 0 });
});

test("an outage longer than the limit gives up", () => {
  const c: Circuit = { ...CLOSED, state: "open", failures: 9, openUntil: 70_000, outageSince: 0 };
  expect(admit(c, policy, 60_001).kind).toBe("give-up");
});

type Event = { type: "fail" } | { type: "ok" } | { type: "admit" } | { type: "tick"; ms: number };
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.constant({ type: "fail" as const }),
  fc.constant({ type: "ok" as const }),
  fc.constant({ type: "admit" as const }),
  fc.integer({ min: 1, max: 1500 }).map((ms) => ({ type: "tick" as const, ms })),
);

test("property: for any sequence of events, the breaker's state machine keeps its invariants", () => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 200 }), (events) => {
      let c = CLOSED;
      let now = 0;
      let streak = 0;
      for (const e of events) {
        if (e.type === "tick") now += e.ms;
        else if (e.type === "ok") {
          c = onSuccess(c);
          streak = 0;
          expect(c).toEqual(CLOSED);
        } else if (e.type === "fail") {
          const before = c;
          c = onFailure(c, policy, now, "x");
          streak += 1;
          if (before.state === "closed") expect(c.state).toBe(streak >= policy.failureThreshold ? "open" : "closed");
          if (before.state === "half-open") expect(c).toMatchObject({ state: "open", openUntil: now + policy.coolDownMs });
          if (c.state === "open") expect(c.outageSince).not.toBeNull();
        } else {
          const a = admit(c, policy, now);
          if (c.state === "closed") expect(a.kind).toBe("go");
          if (c.state === "open" && c.openUntil !== null && now < c.openUntil && now - (c.outageSince ?? now) <= policy.maxOutageMs) {
            expect(a).toMatchObject({ kind: "wait", untilMs: c.openUntil });
          }
          if (a.kind === "go" && c.state !== "closed") expect(a.next).toMatchObject({ state: "half-open", probeAt: now });
          // Two admissions at the same instant never both probe.
          if (a.kind === "go" && a.next.state === "half-open") expect(admit(a.next, policy, now).kind).not.toBe("go");
          c = a.next;
        }
        expect(c.failures).toBeGreaterThanOrEqual(0);
      }
    }),
    { numRuns: 300 },
  );
});
