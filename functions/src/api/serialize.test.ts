import { Timestamp } from "firebase-admin/firestore";
import { csvField, toCsv, toJson } from "./serialize";

test("timestamps become ISO strings, deeply", () => {
  expect(toJson({ a: [Timestamp.fromMillis(0)], b: { c: null, d: undefined } })).toEqual({ a: ["1970-01-01T00:00:00.000Z"], b: { c: null, d: null } });
});

test("CSV fields are quoted when needed", () => {
  expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
  expect(csvField(null)).toBe("");
  expect(toCsv(["a", "b"], [[1, "x\ny"]])).toBe('a,b\r\n1,"x\ny"\r\n');
});
