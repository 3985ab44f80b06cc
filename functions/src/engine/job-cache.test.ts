import { TtlCache } from "./job-cache";

const loader = () => {
  let reads = 0;
  const load = (value: string) => async () => {
    reads += 1;
    return value;
  };
  return { load, reads: () => reads };
};

test("a value is read once per TTL, concurrent callers share the read", async () => {
  const cache = new TtlCache<string>(1000);
  const l = loader();
  const [a, b] = await Promise.all([cache.get("job", 0, l.load("v1")), cache.get("job", 10, l.load("v1"))]);
  expect([a, b, l.reads()]).toEqual(["v1", "v1", 1]);
  expect(await cache.get("job", 999, l.load("v2"))).toBe("v1");
  expect(await cache.get("job", 1000, l.load("v2"))).toBe("v2");
  expect(l.reads()).toBe(2);
});

test("keys are apart; a clock that goes back reads again", async () => {
  const cache = new TtlCache<string>(1000);
  const l = loader();
  await cache.get("a", 5000, l.load("a"));
  expect(await cache.get("b", 5000, l.load("b"))).toBe("b");
  expect(await cache.get("a", 4000, l.load("a2"))).toBe("a2");
  expect(l.reads()).toBe(3);
});

test("a failed read is not kept", async () => {
  const cache = new TtlCache<string>(1000);
  await expect(cache.get("job", 0, async () => Promise.reject(new Error("unavailable")))).rejects.toThrow("unavailable");
  await new Promise((r) => setImmediate(r));
  expect(await cache.get("job", 1, async () => "ok")).toBe("ok");
});

test("stale entries are dropped once more than 64 keys are held", async () => {
  const cache = new TtlCache<number>(1000);
  for (let i = 0; i < 64; i += 1) await cache.get(`job-${i}`, 0, async () => i);
  expect(cache.size).toBe(64);
  await cache.get("fresh", 2000, async () => 1);
  expect(cache.size).toBe(1);
});
