// Merging the engine's firestore.indexes.json into an app's: the app's indexes and field overrides
// stay as they are, the engine's are added unless an equal one is there, so deploying the merged
// file neither misses the engine's indexes nor offers to delete the app's. Equality follows
// firebase-tools (lib/firestore/api.js indexMatchesSpec): collection group, query scope, API scope,
// density, multikey, and the fields with the implicit trailing __name__.

const ORDER = "ASCENDING";

function indexKey(index) {
  const fields = (index.fields ?? []).map((f) => ({ fieldPath: f.fieldPath, order: f.order, arrayConfig: f.arrayConfig, vectorConfig: f.vectorConfig }));
  const last = fields.at(-1);
  if (!last?.vectorConfig && last?.fieldPath !== "__name__")
    fields.push({ fieldPath: "__name__", order: [...fields].reverse().find((f) => f.order)?.order ?? ORDER });
  return JSON.stringify([
    index.collectionGroup,
    index.queryScope ?? "COLLECTION",
    index.apiScope ?? "ANY_API",
    index.density ?? null,
    index.multikey ?? false,
    fields,
  ]);
}

const overrideKey = (o) => `${o.collectionGroup}.${o.fieldPath}`;
const canonical = (value) =>
  JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/**
 * { merged, addedIndexes, addedOverrides }. Throws one line when the app and the engine override the
 * same field differently (a field has one override; reconcile it by hand).
 */
export function mergeIndexes(app, engine, label = "indexes") {
  const indexes = [...(app.indexes ?? [])];
  const overrides = [...(app.fieldOverrides ?? [])];
  const keys = new Set(indexes.map(indexKey));
  let addedIndexes = 0;
  let addedOverrides = 0;
  for (const index of engine.indexes ?? []) {
    const key = indexKey(index);
    if (keys.has(key)) continue;
    keys.add(key);
    indexes.push(index);
    addedIndexes++;
  }
  for (const override of engine.fieldOverrides ?? []) {
    const existing = overrides.find((o) => overrideKey(o) === overrideKey(override));
    if (!existing) {
      overrides.push(override);
      addedOverrides++;
    } else if (canonical(existing) !== canonical(override)) {
      throw new Error(`${label}: the app and the engine both override ${overrideKey(override)} with different indexes; merge that field override by hand`);
    }
  }
  return { merged: { ...app, indexes, fieldOverrides: overrides }, addedIndexes, addedOverrides };
}
