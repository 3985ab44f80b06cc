import { jobIdParam, listItemsQuery, listJobsQuery } from "./schemas";

test("a job id is a Firestore document id the engine can have made: no slashes, no reserved __...__ form", () => {
  for (const id of ["Nm0KX9xYzq3pTbE1aFcD", "retry_of-1", "__x", "x__"]) expect(jobIdParam.safeParse({ jobId: id }).success).toBe(true);
  for (const id of ["__-__", "__x__", "a/b", "", "a".repeat(129), "é"]) expect(jobIdParam.safeParse({ jobId: id }).success).toBe(false);
  expect(listJobsQuery.safeParse({ cursor: "__x__" }).success).toBe(false);
  expect(listJobsQuery.safeParse({ cursor: "a/b" }).success).toBe(false);
  expect(listJobsQuery.safeParse({ cursor: "Nm0KX9xYzq3pTbE1aFcD" }).success).toBe(true);
});

test("an items cursor is an item key that can be a document id", () => {
  for (const cursor of ["r0036", "s-000000004", "2025-03-10:42", "a b"]) expect(listItemsQuery.safeParse({ cursor }).success).toBe(true);
  for (const cursor of ["a/b", "__k__", ".", "..", ""]) expect(listItemsQuery.safeParse({ cursor }).success).toBe(false);
});

test("a page size is the digits of a whole number from 1 to 500, as a query string carries it", () => {
  for (const [limit, parsed] of [
    ["1", 1],
    ["500", 500],
    ["050", 50],
  ] as const)
    expect(listJobsQuery.parse({ limit }).limit).toBe(parsed);
  expect(listItemsQuery.parse({}).limit).toBe(50);
  for (const limit of ["+1", "1e2", "0x10", "1.0", "0", "501", "", " 5", "-1"]) expect(listJobsQuery.safeParse({ limit }).success).toBe(false);
});
