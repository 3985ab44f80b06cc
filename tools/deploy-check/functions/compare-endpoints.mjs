// The discovered manifest against the committed contract (tools/deploy-check/expected-endpoints.json),
// one line per difference. Pure: no files, no processes, so it is unit-tested directly.
//
// Both sides are flattened the same way: every field of an endpoint becomes a dotted path
// (`taskQueueTrigger.retryConfig.maxAttempts`); null, empty objects and empty lists mean "not set,
// platform default" and are left out, so a field set on one side only is a difference; lists are
// compared whole. Two fields are derived: `trigger`, the trigger's kind (httpsTrigger,
// taskQueueTrigger, scheduleTrigger, eventTrigger, ...), and `region`, which firebase-tools
// defaults to us-central1 when the manifest names none (lib/api.js functionsDefaultRegion).
export const DEFAULT_REGION = "us-central1";
export const CONTRACT = "tools/deploy-check/expected-endpoints.json";
const MANIFEST_FIELDS = ["params", "requiredAPIs"];

/** The differences between `expected` (the contract) and `manifest` (the SDK's wire manifest). */
export function compareManifest(expected, manifest) {
  const problems = [];
  const want = expected.endpoints ?? {};
  const have = manifest.endpoints ?? {};
  for (const name of Object.keys(want)) {
    if (!(name in have)) problems.push(`endpoint ${name} is in ${CONTRACT} but the functions do not export it`);
  }
  for (const name of Object.keys(have)) {
    if (!(name in want)) problems.push(`endpoint ${name} is exported but not in ${CONTRACT}`);
  }
  for (const name of Object.keys(want).filter((n) => n in have)) {
    problems.push(...diff(flattenEndpoint(want[name]), flattenEndpoint(have[name])).map((d) => `endpoint ${name}: ${d}`));
  }
  for (const field of MANIFEST_FIELDS) {
    problems.push(...diff(flatten({ [field]: expected[field] }), flatten({ [field]: manifest[field] })).map((d) => `manifest ${d}`));
  }
  return problems;
}

/** One endpoint as a flat record of set fields, with `trigger` and `region` derived. */
export function flattenEndpoint(endpoint) {
  const flat = flatten(endpoint);
  const triggers = Object.keys(endpoint).filter((key) => key.endsWith("Trigger") && endpoint[key]);
  if (triggers.length) flat.trigger = JSON.stringify(triggers.join("+"));
  flat.region ??= JSON.stringify([DEFAULT_REGION]);
  return flat;
}

/** Nested values as dotted paths to JSON leaves; unset values (null, {}, []) are left out. */
export function flatten(value, prefix = "", into = {}) {
  if (value === null || value === undefined) return into;
  if (typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    return into;
  }
  if (Array.isArray(value) && value.length === 0) return into;
  into[prefix] = canonical(value);
  return into;
}

/** JSON with object keys sorted, so the order fields are written in does not matter. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function diff(want, have) {
  const keys = [...new Set([...Object.keys(want), ...Object.keys(have)])].sort();
  return keys.filter((key) => want[key] !== have[key]).map((key) => `${key} is ${have[key] ?? "not set"}, expected ${want[key] ?? "not set"}`);
}
