import { busySlots, freeLanes, handOut, laneMovedOn, nextOf, type InFlight, takeBack } from "./lane-slots";

const queued = (key: string, extra = {}) => ({ key, item: { key }, after: null, ...extra });

test("a handed-out segment is in flight as one busy slot; items released on their own are one each; handed-back ones none", () => {
  const inFlight: InFlight = {};
  handOut(inFlight, [queued("a"), queued("b"), queued("c")], 0, 1, 100);
  handOut(inFlight, [queued("d")], 2, 1, 100);
  inFlight.single = { after: null, target: null, attempt: 1, releasedAt: 100, releases: 1 };
  inFlight.back = { after: null, target: null, attempt: 1, releasedAt: 100, releases: 1, returned: true };
  expect(busySlots(inFlight)).toBe(3);
  expect(freeLanes(inFlight, 4, 5)).toEqual([1, 3]);
  expect(freeLanes(inFlight, 4, 1)).toEqual([1]);
  expect(inFlight.b).toMatchObject({ lane: 0, attempt: 1, releasedAt: 100, releases: 1 });
});

test("the segment's tail is the first item's `next`; a handed-back item keeps its count", () => {
  expect(nextOf([queued("a"), queued("b", { target: "t" }), queued("c", { returns: 2 })])).toEqual([
    { key: "b", item: { key: "b" }, target: "t" },
    { key: "c", item: { key: "c" }, target: null, returns: 2 },
  ]);
});

test("when a lane's item finishes, its next item's lost clock starts", () => {
  const inFlight: InFlight = {};
  handOut(inFlight, [queued("b"), queued("c")], 0, 1, 100);
  handOut(inFlight, [queued("a")], 1, 1, 100);
  delete inFlight.b;
  laneMovedOn(inFlight, 0, 900);
  expect(inFlight.c.releasedAt).toBe(900);
  expect(inFlight.a.releasedAt).toBe(100);
});

test("handed-back items are marked returned and queued again once, in key order; stale hand-backs are ignored", () => {
  const inFlight: InFlight = {};
  handOut(inFlight, [queued("x"), queued("y"), queued("z")], 3, 1, 100);
  const taken = new Set<string>();
  const items = [
    { key: "z", item: 1, target: null },
    { key: "y", item: 2, target: null },
  ];
  const back = takeBack(inFlight, 3, items, taken);
  expect(back.map((q) => [q.key, q.returns])).toEqual([
    ["y", 1],
    ["z", 1],
  ]);
  expect(inFlight.y).toMatchObject({ returned: true });
  expect(inFlight.y.lane).toBeUndefined();
  expect(busySlots(inFlight)).toBe(1); // x still runs
  expect(takeBack(inFlight, 3, items, taken)).toEqual([]); // the same hand-back again
  // A new tick takes the ones an earlier tick marked; a hand-back of an older round (returns 0 vs 1 now) is stale once released again.
  expect(takeBack(inFlight, 3, items, new Set()).map((q) => q.key)).toEqual(["y", "z"]);
  handOut(inFlight, [{ ...queued("y"), returns: 1 }], 3, 1, 200);
  expect(takeBack(inFlight, 3, [{ key: "y", item: 2, target: null }], new Set())).toEqual([]);
});
