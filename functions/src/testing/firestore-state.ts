/**
 * Every document under some top-level collections of one emulator database, as comparable plain
 * data: one query over all collections (`allDescendants` with no collection id, which the Admin
 * SDK does not expose), filtered by path. Values keep Firestore's typed JSON (a timestamp stays a
 * timestampValue), so two states are equal only when every field is.
 */
interface RestDocument {
  name: string;
  fields?: Record<string, unknown>;
}

export async function comparableState(projectId: string, database: string, collections: string[]): Promise<Record<string, unknown>> {
  const root = `projects/${projectId}/databases/${database}/documents`;
  const res = await fetch(`http://${process.env.FIRESTORE_EMULATOR_HOST}/v1/${root}:runQuery`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer owner" },
    body: JSON.stringify({ structuredQuery: { from: [{ allDescendants: true }] } }),
  });
  if (!res.ok) throw new Error(`Reading the ${database} database answered ${res.status}: ${await res.text()}`);
  const rows = (await res.json()) as Array<{ document?: RestDocument }>;
  const state: Record<string, unknown> = {};
  for (const { document } of rows) {
    if (!document) continue;
    const path = document.name.slice(root.length + 1);
    if (collections.some((c) => path.startsWith(`${c}/`))) state[path] = document.fields ?? {};
  }
  return state;
}
