import { planInstance } from "./backfill-batch";
import { InstanceDataError } from "./latest-task";
import { effectiveBatchSize } from "./params";

const paths = [
  { key: "priority", path: "request.priority" },
  { key: "total", path: "order.total" },
];

test("values come from the task's data; keys it lacks are skipped", () => {
  const plan = planInstance("i1", { id: "t3", data: { request: { priority: "high" } } }, paths);
  expect(plan).toEqual({ instanceId: "i1", taskId: "t3", values: { priority: "high" }, skipped: ["total"] });
});

test("an instance without a completed task skips every key", () => {
  expect(planInstance("i1", null, paths)).toEqual({ instanceId: "i1", taskId: null, values: {}, skipped: ["priority", "total"] });
});

test("a value too large to index is a permanent error of the instance", () => {
  const task = { id: "t1", data: { request: { priority: "x".repeat(1501) } } };
  expect(() => planInstance("i1", task, paths)).toThrow(InstanceDataError);
  expect(() => planInstance("i1", task, paths)).toThrow(/1501 bytes; at most 1500/);
});

test("the batch size keeps a batch's writes under the commit limit", () => {
  expect(effectiveBatchSize(50, 1)).toBe(50);
  expect(effectiveBatchSize(400, 2)).toBe(225);
  expect(effectiveBatchSize(10, 100)).toBe(4);
  expect(effectiveBatchSize(10, 1000)).toBe(1);
});
