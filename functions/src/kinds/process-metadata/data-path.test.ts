import { Timestamp } from "firebase-admin/firestore";
import { encodeValue, readPath } from "./data-path";

const data = { order: { total: 42.5, items: [{ sku: "A-1" }, { sku: "B-2" }], open: false }, customer: { name: "Ada", vip: null }, "odd key": 1 };

test("dotted paths read nested maps and array indexes", () => {
  expect(readPath(data, "order.total")).toBe(42.5);
  expect(readPath(data, "order.items.1.sku")).toBe("B-2");
  expect(readPath(data, "order.open")).toBe(false);
  expect(readPath(data, "customer")).toEqual({ name: "Ada", vip: null });
});

test("a path the data does not have reads undefined", () => {
  expect(readPath(data, "order.discount")).toBeUndefined();
  expect(readPath(data, "order.items.7.sku")).toBeUndefined();
  expect(readPath(data, "order.total.value")).toBeUndefined();
  expect(readPath(data, "order.items.first")).toBeUndefined();
  expect(readPath(data, "toString")).toBeUndefined(); // inherited properties are not data
});

test("values are stored as strings; null and missing are not stored", () => {
  expect(encodeValue("Ada")).toBe("Ada");
  expect(encodeValue(42.5)).toBe("42.5");
  expect(encodeValue(false)).toBe("false");
  expect(encodeValue({ sku: "A-1" })).toBe('{"sku":"A-1"}');
  expect(encodeValue(null)).toBeNull();
  expect(encodeValue(undefined)).toBeNull();
});

test("timestamps are stored as ISO dates, also inside maps", () => {
  const at = Timestamp.fromDate(new Date("2026-03-01T10:00:00Z"));
  expect(encodeValue(at)).toBe("2026-03-01T10:00:00.000Z");
  expect(encodeValue({ at })).toBe('{"at":"2026-03-01T10:00:00.000Z"}');
});
