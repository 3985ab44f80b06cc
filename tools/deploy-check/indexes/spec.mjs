/**
 * firestore.indexes.json as `firebase deploy --only firestore:indexes` and Firestore take it. One
 * line per problem. Sources, rule by rule:
 * - Shape: firebase-tools FirestoreApi.validateSpec / validateIndex / validateField
 *   (src/firestore/api.ts, with the enums of src/firestore/api-types.ts): `indexes` required;
 *   each index needs `collectionGroup`, `queryScope` (COLLECTION | COLLECTION_GROUP) and `fields`,
 *   each field a `fieldPath` and exactly one of `order` (ASCENDING | DESCENDING), `arrayConfig`
 *   (CONTAINS) or `vectorConfig` ({dimension: number, flat: {}}); optional `apiScope`, `density`
 *   (enums), `multikey` (boolean); `unique` is refused ("not supported yet"). Each field override
 *   needs `collectionGroup`, `fieldPath`, `indexes` (may be empty: the field is exempt), each with
 *   exactly one of `order` or `arrayConfig`; `ttl` optional boolean. Stricter than firebase-tools:
 *   every override index names its `queryScope` (the API's default is not written down in the
 *   file format), `fields` is not empty, and unknown keys are refused (a misspelt key is
 *   otherwise silently ignored).
 * - A composite index needs at least two fields besides `__name__`: production answers HTTP 400
 *   "this index is not necessary, configure using single field index controls", and firebase-tools
 *   runs every deploy step before any release, so one such index stops the whole deploy (docs/deploy.md;
 *   the Admin API's Index.fields: "For composite
 *   indexes, this is always 2 or more fields"). Two documented exceptions: a vector index, and an
 *   index on `__name__` DESCENDING alone (terraform's google_firestore_index, magic-modules
 *   mmv1/products/firestore/Index.yaml: "it is possible for a user to require a single field index
 *   such as `__name__ DESC`").
 * - Duplicates: two indexes equal once `__name__` is appended (firebase-tools
 *   FirestoreApi.processIndex / indexMatchesSpec) are one index; two overrides of one field are
 *   one field's settings (firebase-tools matches overrides by collection group and field path).
 */
import { NAME, ORDERS, storedFields } from "./serving.mjs";

const SCOPES = ["COLLECTION", "COLLECTION_GROUP"];
const API_SCOPES = ["ANY_API", "DATASTORE_MODE_API", "MONGODB_COMPATIBLE_API"];
const DENSITIES = ["DENSITY_UNSPECIFIED", "SPARSE_ALL", "SPARSE_ANY", "DENSE"];
const KEYS = {
  spec: ["indexes", "fieldOverrides"],
  index: ["collectionGroup", "queryScope", "fields", "apiScope", "density", "multikey", "unique"],
  field: ["fieldPath", "order", "arrayConfig", "vectorConfig"],
  override: ["collectionGroup", "fieldPath", "indexes", "ttl"],
  overrideIndex: ["order", "arrayConfig", "queryScope", "apiScope", "density", "multikey", "unique"],
};

const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v) => typeof v === "string" && v.length > 0;
const modeOf = (f) => f.order ?? (f.arrayConfig ? `CONTAINS` : f.vectorConfig ? "VECTOR" : "?");

/** `backfillJobs (COLLECTION): status ASCENDING, createdAt DESCENDING`: an index, as problems name it. */
export const describeIndex = (index) =>
  `${index.collectionGroup} (${index.queryScope}): ${(index.fields ?? []).map((f) => `${f.fieldPath} ${modeOf(f)}`).join(", ")}`;

function unknownKeys(where, value, allowed) {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where}: unknown key "${k}" (known: ${allowed.join(", ")})`);
}

function oneOf(where, value, key, allowed, required) {
  if (value[key] === undefined && !required) return [];
  return allowed.includes(value[key])
    ? []
    : [`${where}: "${key}" must be one of ${allowed.join(", ")} (${value[key] === undefined ? "missing" : `is ${JSON.stringify(value[key])}`})`];
}

function optionalCommon(where, value) {
  return [
    ...oneOf(where, value, "apiScope", API_SCOPES, false),
    ...oneOf(where, value, "density", DENSITIES, false),
    ...(value.multikey !== undefined && typeof value.multikey !== "boolean" ? [`${where}: "multikey" must be a boolean`] : []),
  ];
}

function exactlyOne(where, value, keys) {
  const present = keys.filter((k) => value[k] !== undefined);
  return present.length === 1 ? [] : [`${where}: needs exactly one of ${keys.join(", ")} (has ${present.join(", ") || "none"})`];
}

function fieldProblems(where, field) {
  if (!isObject(field)) return [`${where}: must be an object`];
  const problems = [...unknownKeys(where, field, KEYS.field), ...(text(field.fieldPath) ? [] : [`${where}: needs a "fieldPath"`])];
  problems.push(...exactlyOne(where, field, ["order", "arrayConfig", "vectorConfig"]));
  if (field.order !== undefined) problems.push(...oneOf(where, field, "order", ORDERS, true));
  if (field.arrayConfig !== undefined) problems.push(...oneOf(where, field, "arrayConfig", ["CONTAINS"], true));
  if (
    field.vectorConfig !== undefined &&
    !(isObject(field.vectorConfig) && typeof field.vectorConfig.dimension === "number" && isObject(field.vectorConfig.flat))
  ) {
    problems.push(`${where}: "vectorConfig" needs a numeric "dimension" and "flat": {}`);
  }
  return problems;
}

function indexProblems(where, index) {
  if (!isObject(index)) return [`${where}: must be an object`];
  const problems = [...unknownKeys(where, index, KEYS.index)];
  if (!text(index.collectionGroup)) problems.push(`${where}: needs a "collectionGroup"`);
  problems.push(...oneOf(where, index, "queryScope", SCOPES, true), ...optionalCommon(where, index));
  if (index.unique !== undefined)
    problems.push(`${where}: "unique" is not supported by firebase deploy ("The \`unique\` index configuration is not supported yet.")`);
  if (!Array.isArray(index.fields) || index.fields.length === 0) return [...problems, `${where}: needs a non-empty "fields" list`];
  problems.push(...index.fields.flatMap((f, i) => fieldProblems(`${where}.fields[${i}]`, f)));
  if (problems.length > 0) return problems;
  const named = index.fields.filter((f) => f.fieldPath !== NAME);
  const nameDescending = index.fields.length === 1 && index.fields[0].fieldPath === NAME && index.fields[0].order === "DESCENDING";
  if (named.length < 2 && !index.fields.some((f) => f.vectorConfig) && !nameDescending) {
    problems.push(
      `${where} (${describeIndex(index)}): a composite index needs at least two fields besides __name__; production refuses it with HTTP 400 "this index is not necessary, configure using single field index controls" (the automatic single-field index serves it; use fieldOverrides to change single-field indexes)`,
    );
  }
  return problems;
}

function overrideProblems(where, override) {
  if (!isObject(override)) return [`${where}: must be an object`];
  const problems = [...unknownKeys(where, override, KEYS.override)];
  if (!text(override.collectionGroup)) problems.push(`${where}: needs a "collectionGroup"`);
  if (!text(override.fieldPath)) problems.push(`${where}: needs a "fieldPath"`);
  if (override.ttl !== undefined && typeof override.ttl !== "boolean") problems.push(`${where}: "ttl" must be a boolean`);
  if (!Array.isArray(override.indexes)) return [...problems, `${where}: needs an "indexes" list ([] exempts the field)`];
  override.indexes.forEach((index, i) => {
    const at = `${where}.indexes[${i}]`;
    if (!isObject(index)) return void problems.push(`${at}: must be an object`);
    problems.push(...unknownKeys(at, index, KEYS.overrideIndex), ...exactlyOne(at, index, ["order", "arrayConfig"]));
    if (index.order !== undefined) problems.push(...oneOf(at, index, "order", ORDERS, true));
    if (index.arrayConfig !== undefined) problems.push(...oneOf(at, index, "arrayConfig", ["CONTAINS"], true));
    problems.push(...oneOf(at, index, "queryScope", SCOPES, true), ...optionalCommon(at, index));
  });
  const modes = override.indexes.filter(isObject).map((i) => `${i.order ?? i.arrayConfig} ${i.queryScope}`);
  modes.forEach((m, i) => modes.indexOf(m) < i && problems.push(`${where}.indexes[${i}]: repeats ${m} of indexes[${modes.indexOf(m)}]`));
  return problems;
}

/** The identity firebase-tools compares indexes by: group, scope, stored fields, api scope, density, multikey. */
function indexKey(index) {
  const fields = storedFields(index.fields).map((f) => `${f.fieldPath}:${f.order ?? f.arrayConfig ?? JSON.stringify(f.vectorConfig)}`);
  return JSON.stringify([index.collectionGroup, index.queryScope, fields, index.apiScope ?? null, index.density ?? null, index.multikey ?? null]);
}

function duplicates(list, keyOf, name, describe) {
  const seen = new Map();
  const problems = [];
  list.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) problems.push(`${name}[${i}] (${describe(item)}) duplicates ${name}[${seen.get(key)}]`);
    else seen.set(key, i);
  });
  return problems;
}

/** Problems of a parsed firestore.indexes.json; empty when `firebase deploy` and Firestore accept it. */
export function specProblems(spec) {
  if (!isObject(spec)) return ['top level: must be an object with an "indexes" list'];
  const problems = [...unknownKeys("top level", spec, KEYS.spec)];
  if (!Array.isArray(spec.indexes)) problems.push('top level: needs an "indexes" list');
  if (spec.fieldOverrides !== undefined && !Array.isArray(spec.fieldOverrides)) problems.push('top level: "fieldOverrides" must be a list');
  if (problems.length > 0) return problems;
  const indexes = spec.indexes.flatMap((index, i) => indexProblems(`indexes[${i}]`, index));
  const overrides = (spec.fieldOverrides ?? []).flatMap((o, i) => overrideProblems(`fieldOverrides[${i}]`, o));
  if (indexes.length > 0 || overrides.length > 0) return [...indexes, ...overrides];
  return [
    ...duplicates(spec.indexes, indexKey, "indexes", describeIndex),
    ...duplicates(
      spec.fieldOverrides ?? [],
      (o) => `${o.collectionGroup}/${o.fieldPath}`,
      "fieldOverrides",
      (o) => `${o.collectionGroup}.${o.fieldPath}`,
    ),
  ];
}
