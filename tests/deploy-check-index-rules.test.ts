/**
 * The index-matching rules of deploy:check "indexes" (tools/deploy-check/indexes/serving.mjs), case
 * by case from Firestore's documentation and as properties. The rules are an ES module; jest
 * (ts-jest, CommonJS) cannot import it, so each batch of cases runs in one `node` process.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";

const MODULES = join(__dirname, "../tools/deploy-check/indexes");

type Field = { fieldPath: string; order?: "ASCENDING" | "DESCENDING" };
type Index = { collectionGroup: string; queryScope: string; fields: Field[] };
type Spec = { indexes: Index[]; fieldOverrides?: Array<{ collectionGroup: string; fieldPath: string; indexes: Array<Record<string, string>> }> };
type Query = { collectionGroup: string; queryScope: string; equality: string[]; inequality: string[]; orderBy: Field[] };
type Plan = { indexes: Array<{ composite: number | null }> } | null;

/** Runs `body` (a function of one case and the modules) over every case in one node process. */
function evaluate<T>(cases: unknown[], body: string): T[] {
  const url = (name: string) => pathToFileURL(join(MODULES, name)).href;
  const script = `
    import { readFileSync } from "node:fs";
    import * as serving from "${url("serving.mjs")}";
    import * as spec from "${url("spec.mjs")}";
    const run = ${body};
    const cases = JSON.parse(readFileSync(0, "utf8"));
    process.stdout.write(JSON.stringify(cases.map((c) => run(c, { serving, spec }))));`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { input: JSON.stringify(cases), encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as T[];
}
const plans = (cases: Array<{ spec: Spec; query: Query }>) => evaluate<Plan>(cases, "(c, { serving }) => serving.servingPlan(c.spec, c.query)");

const asc = (fieldPath: string): Field => ({ fieldPath, order: "ASCENDING" });
const desc = (fieldPath: string): Field => ({ fieldPath, order: "DESCENDING" });
const q = (over: Partial<Query>): Query => ({ collectionGroup: "c", queryScope: "COLLECTION", equality: [], inequality: [], orderBy: [], ...over });
const composite = (...fields: Field[]): Index => ({ collectionGroup: "c", queryScope: "COLLECTION", fields });
const exemptAll = { collectionGroup: "c", fieldPath: "*", indexes: [] };

test("the order a query runs in: orderBy, then inequality fields by name, then __name__, in the last direction", () => {
  const orders = evaluate<Field[]>(
    [q({ inequality: ["b", "a"] }), q({ inequality: ["z"], orderBy: [desc("m")] }), q({ orderBy: [asc("a"), desc("__name__")] })],
    "(c, { serving }) => serving.effectiveOrder(c)",
  );
  expect(orders).toEqual([
    [asc("a"), asc("b"), asc("__name__")],
    [desc("m"), desc("z"), desc("__name__")],
    [asc("a"), desc("__name__")],
  ]);
});

test("single-field, composite and merged plans, as the documentation describes them", () => {
  const [single, descending, range, noComposite, withComposite, restaurants, restaurantsMissing, rangeNoMerge, directionMismatch] = plans([
    { spec: { indexes: [] }, query: q({ equality: ["a"] }) },
    { spec: { indexes: [] }, query: q({ inequality: ["t"], orderBy: [desc("t"), desc("__name__")] }) },
    { spec: { indexes: [] }, query: q({ equality: ["a"], inequality: ["t"] }) },
    { spec: { indexes: [] }, query: q({ equality: ["a"], orderBy: [desc("t")] }) },
    { spec: { indexes: [composite(asc("a"), desc("t"))] }, query: q({ equality: ["a"], orderBy: [desc("t")] }) },
    // "Index types", index merging: (category, star_rating), (city, star_rating), (editors_pick, star_rating)
    {
      spec: { indexes: [composite(asc("category"), asc("star")), composite(asc("city"), asc("star")), composite(asc("pick"), asc("star"))] },
      query: q({ equality: ["category", "city", "pick"], orderBy: [asc("star")] }),
    },
    {
      spec: { indexes: [composite(asc("category"), asc("star")), composite(asc("city"), asc("star"))] },
      query: q({ equality: ["category", "city", "pick"], orderBy: [asc("star")] }),
    },
    { spec: { indexes: [composite(asc("a"), asc("t")), composite(asc("b"), asc("t"))] }, query: q({ equality: ["a", "b"], inequality: ["t"] }) },
    { spec: { indexes: [composite(asc("a"), asc("t"))] }, query: q({ equality: ["a"], orderBy: [desc("t")] }) },
  ]);
  expect(single).toEqual({ indexes: [expect.objectContaining({ composite: null })] });
  expect(descending).toEqual({ indexes: [expect.objectContaining({ composite: null })] });
  expect(range).toBeNull();
  expect(noComposite).toBeNull();
  expect(withComposite).toEqual({ indexes: [expect.objectContaining({ composite: 0 })] });
  expect(restaurants?.indexes.map((i) => i.composite)).toEqual([0, 1, 2]);
  expect(restaurantsMissing).toBeNull();
  expect(rangeNoMerge).toBeNull();
  expect(directionMismatch).toBeNull();
});

test("field overrides: collection-group scope only where enabled, an exempted field serves nothing, `*` sets the group's default", () => {
  const group = (over: Partial<Query>) => q({ queryScope: "COLLECTION_GROUP", ...over });
  const enabled = { collectionGroup: "c", fieldPath: "k", indexes: [{ order: "ASCENDING", queryScope: "COLLECTION_GROUP" }] };
  const results = plans([
    { spec: { indexes: [] }, query: group({ equality: ["k"] }) },
    { spec: { indexes: [], fieldOverrides: [enabled] }, query: group({ equality: ["k"] }) },
    { spec: { indexes: [], fieldOverrides: [enabled] }, query: group({ orderBy: [desc("k")] }) },
    { spec: { indexes: [], fieldOverrides: [enabled] }, query: q({ equality: ["k"] }) },
    { spec: { indexes: [], fieldOverrides: [{ collectionGroup: "c", fieldPath: "k", indexes: [] }] }, query: q({ equality: ["k"] }) },
    { spec: { indexes: [], fieldOverrides: [exemptAll] }, query: q({ equality: ["other"] }) },
    { spec: { indexes: [] }, query: group({ orderBy: [asc("__name__")] }) },
  ]);
  expect(results.map((p) => p !== null)).toEqual([false, true, false, false, false, false, true]);
});

test("the index the check asks for serves the query and is one production accepts", () => {
  const field = fc.constantFrom("a", "b", "c", "d", "e");
  const order = fc.constantFrom<Field["order"]>("ASCENDING", "DESCENDING");
  const query = fc
    .record({
      queryScope: fc.constantFrom("COLLECTION", "COLLECTION_GROUP"),
      equality: fc.uniqueArray(field, { maxLength: 3 }),
      inequality: fc.uniqueArray(field, { maxLength: 2 }),
      orderBy: fc.uniqueArray(fc.record({ fieldPath: field, order }), { maxLength: 2, selector: (o) => o.fieldPath }),
    })
    .filter((r) => !r.equality.some((f) => r.inequality.includes(f) || r.orderBy.some((o) => o.fieldPath === f)))
    .map((r) => q(r));
  const cases = fc.sample(query, 300).map((query) => ({ spec: { indexes: [] }, query }));
  const results = evaluate<{ before: boolean; after: boolean; problems: string[] }>(
    cases,
    `(c, { serving, spec }) => {
      const before = serving.servingPlan(c.spec, c.query) !== null;
      if (before) return { before, after: true, problems: [] };
      const [where, addition] = Object.entries(serving.neededIndex(c.spec, c.query))[0];
      const fixed = { indexes: [...c.spec.indexes], fieldOverrides: [...(c.spec.fieldOverrides ?? [])] };
      fixed[where].push(addition);
      return { before, after: serving.servingPlan(fixed, c.query) !== null, problems: spec.specProblems(fixed) };
    }`,
  );
  results.forEach((r, i) =>
    expect({ query: cases[i].query, after: r.after, problems: r.problems }).toEqual({ query: cases[i].query, after: true, problems: [] }),
  );
  expect(results.some((r) => !r.before)).toBe(true);
});

test("property: a query built from an index's own fields (some as equalities, the rest as its order) is served by that index alone", () => {
  const index = fc.uniqueArray(
    fc.record({ fieldPath: fc.constantFrom("a", "b", "c", "d", "e"), order: fc.constantFrom<Field["order"]>("ASCENDING", "DESCENDING") }),
    { minLength: 2, maxLength: 5, selector: (f) => f.fieldPath },
  );
  const cases = fc.sample(fc.tuple(index, fc.nat(), fc.boolean()), 300).map(([fields, n, explicitName]) => {
    const equalities = n % (fields.length + 1);
    const last = fields[fields.length - 1].order;
    const ordered = fields.slice(equalities);
    const name = equalities === fields.length || explicitName ? [{ fieldPath: "__name__", order: last }] : [];
    return {
      spec: { indexes: [composite(...fields)], fieldOverrides: [exemptAll] },
      query: q({
        equality: fields
          .slice(0, equalities)
          .map((f) => f.fieldPath)
          .reverse(),
        orderBy: [...ordered, ...name],
      }),
    };
  });
  plans(cases).forEach((plan, i) =>
    expect({ query: cases[i].query, plan }).toEqual({ query: cases[i].query, plan: { indexes: [expect.objectContaining({ composite: 0 })] } }),
  );
});

test("property: an equality the index does not hold, or an order direction flipped, is not served by it", () => {
  const index = fc.uniqueArray(
    fc.record({ fieldPath: fc.constantFrom("a", "b", "c", "d"), order: fc.constantFrom<Field["order"]>("ASCENDING", "DESCENDING") }),
    { minLength: 2, maxLength: 4, selector: (f) => f.fieldPath },
  );
  const cases = fc.sample(fc.tuple(index, fc.boolean()), 200).map(([fields, extraEquality]) => {
    const flipped = fields.map((f, i) => (i === fields.length - 1 ? { ...f, order: f.order === "ASCENDING" ? "DESCENDING" : "ASCENDING" } : f)) as Field[];
    const query = extraEquality ? q({ equality: ["zz"], orderBy: fields }) : q({ orderBy: flipped });
    return { spec: { indexes: [composite(...fields)], fieldOverrides: [exemptAll] }, query };
  });
  plans(cases).forEach((plan, i) => expect({ query: cases[i].query, plan }).toEqual({ query: cases[i].query, plan: null }));
});
