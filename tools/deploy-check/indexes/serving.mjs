/**
 * Which index serves a query, by Firestore's documented rules (Standard edition). Pure functions:
 * no files, no I/O. The rules, with their sources:
 *
 * 1. The order a query returns documents in (StructuredQuery.orderBy, Firestore REST reference):
 *    its orderBy clauses; then every inequality field not already ordered, in lexicographic order
 *    of the field name; then `__name__` unless already last. Appended fields take the direction of
 *    the last orderBy clause (ASCENDING if none). `!=`, `not-in`, `<`, `<=`, `>`, `>=` are
 *    inequalities; `==` and `in` are equalities (`in` is a disjunction of equalities: the web SDK's
 *    logic_utils "computeInExpansion", and the Firestore docs on OR queries / disjunctive normal form).
 * 2. An index's entries end with `__name__`: firebase-tools' FirestoreApi.processIndex appends it
 *    with the direction of the last ordered field when the definition does not end with it (the
 *    Admin API's Index.fields says the same). So [a ASC, b DESC] is [a ASC, b DESC, __name__ DESC].
 * 3. Automatic single-field indexes ("Index types": single-field indexes): for every field, one
 *    ASCENDING and one DESCENDING index with COLLECTION scope (and array-contains). Collection-group
 *    scope is not maintained by default; a field override enables it. A field override replaces the
 *    automatic settings of its field: exactly its `indexes` exist (`[]` exempts the field); an
 *    override on `*` sets the collection group's defaults. A single-field index on f in direction d
 *    is ordered [f d, __name__ d]. The document name (`__name__`) is ordered by the built-in
 *    index: ASCENDING in both scopes, DESCENDING in COLLECTION scope (an assumption we do not rely
 *    on: no catalogued query orders a collection group by name descending).
 * 4. One index serves a query when its fields (rule 2) are the query's equality fields, in any
 *    order and any direction, followed by exactly the query's order (rule 1), direction for
 *    direction ("Index types": composite indexes, index definition order). No reverse scans are
 *    assumed: a direction mismatch needs its own index.
 * 5. Index merging ("Index types": "For queries with multiple equality (==) clauses and,
 *    optionally, an orderBy clause, Firestore can re-use existing indexes ... merge the indexes for
 *    simple equality filters"): a query with no inequality filter is served by several indexes
 *    that each hold some of its equality fields followed by exactly the query's order, together
 *    holding all of them. Not assumed for queries with an inequality filter (undocumented).
 */

export const ORDERS = ["ASCENDING", "DESCENDING"];
export const NAME = "__name__";

const same = (a, b) => a.fieldPath === b.fieldPath && a.order === b.order;

/** Rule 2: the fields of an index as Firestore stores them, `__name__` last. */
export function storedFields(fields) {
  const last = fields[fields.length - 1];
  if (last?.fieldPath === NAME) return fields;
  const direction = [...fields].reverse().find((f) => f.order)?.order ?? "ASCENDING";
  return [...fields, { fieldPath: NAME, order: direction }];
}

/** Rule 1: the order a query (one variant: fixed equality, inequality and order fields) runs in. */
export function effectiveOrder(query) {
  const order = [...query.orderBy];
  const direction = order.length ? order[order.length - 1].order : "ASCENDING";
  const ordered = new Set(order.map((o) => o.fieldPath));
  for (const f of [...query.inequality].filter((f) => !ordered.has(f)).sort()) order.push({ fieldPath: f, order: direction });
  if (order[order.length - 1]?.fieldPath !== NAME) order.push({ fieldPath: NAME, order: direction });
  return order;
}

/** Rule 3: the single-field indexes of `fieldPath` in a collection group and scope, as stored fields. */
export function singleFieldIndexes(spec, collectionGroup, queryScope, fieldPath) {
  if (fieldPath === NAME) {
    const orders = queryScope === "COLLECTION" ? ORDERS : ["ASCENDING"];
    return orders.map((order) => [{ fieldPath: NAME, order }]);
  }
  const overrides = spec.fieldOverrides ?? [];
  const override =
    overrides.find((o) => o.collectionGroup === collectionGroup && o.fieldPath === fieldPath) ??
    overrides.find((o) => o.collectionGroup === collectionGroup && o.fieldPath === "*");
  const modes = override
    ? override.indexes.filter((i) => i.queryScope === queryScope && i.order).map((i) => i.order)
    : queryScope === "COLLECTION"
      ? ORDERS
      : [];
  return modes.map((order) => [
    { fieldPath, order },
    { fieldPath: NAME, order },
  ]);
}

/**
 * How much of a query one index serves (rules 4 and 5): the equality fields it holds when its
 * fields are some equality fields followed by exactly the query's order, else null.
 */
export function equalityPrefix(stored, query, order) {
  const prefix = stored.length - order.length;
  if (prefix < 0 || !order.every((o, i) => same(o, stored[prefix + i]))) return null;
  const held = stored.slice(0, prefix);
  if (held.some((f) => !f.order || !query.equality.includes(f.fieldPath))) return null;
  const fields = new Set(held.map((f) => f.fieldPath));
  return fields.size === held.length ? fields : null;
}

/** Every index that could take part in serving the query: the composites of its group and scope, then the single-field ones. */
function candidates(spec, query) {
  const composites = (spec.indexes ?? [])
    .map((index, position) => ({ index, position }))
    .filter(({ index }) => index.collectionGroup === query.collectionGroup && index.queryScope === query.queryScope)
    .map(({ index, position }) => ({ composite: position, stored: storedFields(index.fields) }));
  const fields = new Set([...query.equality, ...effectiveOrder(query).map((o) => o.fieldPath)]);
  const singles = [...fields].flatMap((f) =>
    singleFieldIndexes(spec, query.collectionGroup, query.queryScope, f).map((stored) => ({ composite: null, stored })),
  );
  return [...singles, ...composites];
}

/**
 * The plan that serves a query variant: `{ indexes: [{ composite, stored }] }` (composite is the
 * position in firestore.indexes.json, null for a single-field index), or null when none does. One
 * index when one serves it (a single-field index first, then composites in file order); else the
 * smallest merge (rule 5).
 */
export function servingPlan(spec, query) {
  const order = effectiveOrder(query);
  const usable = candidates(spec, query)
    .map((c) => ({ ...c, holds: equalityPrefix(c.stored, query, order) }))
    .filter((c) => c.holds !== null);
  const whole = usable.find((c) => c.holds.size === query.equality.length);
  if (whole) return { indexes: [whole] };
  if (query.inequality.length > 0 || query.equality.length < 2) return null;
  return smallestCover(
    usable.filter((c) => c.holds.size > 0),
    query.equality,
  );
}

function smallestCover(usable, equality) {
  for (let size = 2; size <= Math.min(usable.length, equality.length); size++) {
    const found = combinations(usable, size).find((set) => equality.every((f) => set.some((c) => c.holds.has(f))));
    if (found) return { indexes: found };
  }
  return null;
}

function combinations(items, size, start = 0) {
  if (size === 0) return [[]];
  const out = [];
  for (let i = start; i <= items.length - size; i++) for (const rest of combinations(items, size - 1, i + 1)) out.push([items[i], ...rest]);
  return out;
}

/**
 * What to add so the query is served: a composite index (ready to paste into `indexes`), or, for
 * a query on one field (a collection-group scope, an exempted field), a field override (for
 * `fieldOverrides`) that keeps the field's current single-field indexes and adds the missing one.
 * Not covered: one field ordered one way and `__name__` the other (orderBy(f).orderBy(__name__,
 * "desc")), which would need a one-field composite that spec.mjs refuses; order both the same way.
 */
export function neededIndex(spec, query) {
  const order = effectiveOrder(query);
  const fields = [...query.equality.map((fieldPath) => ({ fieldPath, order: "ASCENDING" })), ...order];
  const last = order[order.length - 1];
  const beforeName = fields[fields.length - 2];
  const trimmed = beforeName && beforeName.order === last.order ? fields.slice(0, -1) : fields;
  const named = trimmed.filter((f) => f.fieldPath !== NAME);
  if (named.length !== 1) return { indexes: { collectionGroup: query.collectionGroup, queryScope: query.queryScope, fields: named.length ? trimmed : [last] } };
  const field = named[0];
  const overrides = (spec.fieldOverrides ?? []).filter((o) => o.collectionGroup === query.collectionGroup);
  const existing = overrides.find((o) => o.fieldPath === field.fieldPath) ?? overrides.find((o) => o.fieldPath === "*");
  const kept = existing
    ? existing.indexes
    : [...ORDERS.map((order) => ({ order, queryScope: "COLLECTION" })), { arrayConfig: "CONTAINS", queryScope: "COLLECTION" }];
  return {
    fieldOverrides: {
      collectionGroup: query.collectionGroup,
      fieldPath: field.fieldPath,
      indexes: [...kept, { order: field.order, queryScope: query.queryScope }],
    },
  };
}
