import { DISPATCH_RETRY, dispatchDeadlineSeconds, ITEM_RETRY, itemLostAfterSeconds, totalBackoffSeconds } from "./queues";

test("backoff between deliveries follows Cloud Tasks' rule: doubling maxDoublings times, then linear, capped", () => {
  expect(totalBackoffSeconds(ITEM_RETRY)).toBe(2 + 4 + 8);
  expect(totalBackoffSeconds({ maxAttempts: 7, minBackoffSeconds: 1, maxBackoffSeconds: 100, maxDoublings: 2 })).toBe(1 + 2 + 4 + 8 + 12 + 16);
  expect(totalBackoffSeconds(DISPATCH_RETRY)).toBe(2 + 4 + 8 + 16 + 30 * 5);
  expect(totalBackoffSeconds({ maxAttempts: 1, minBackoffSeconds: 5, maxBackoffSeconds: 5 })).toBe(0);
});

test("an item is lost after every delivery the item queue allows, with backoff and queue slack: about 23 min", () => {
  expect(dispatchDeadlineSeconds(300)).toBe(330);
  expect(itemLostAfterSeconds()).toBe(4 * 330 + 14 + 60);
  expect(itemLostAfterSeconds(60, { maxAttempts: 2, minBackoffSeconds: 10, maxBackoffSeconds: 10 })).toBe(2 * 90 + 10 + 60);
});
