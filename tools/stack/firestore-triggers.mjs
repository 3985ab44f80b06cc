// Registers the Firestore-triggered functions with the Firestore emulator of the data half. The
// functions emulator does this itself only when Firestore runs in its own process; here it marks
// them "ignored" but still serves their trigger route, so this makes the same call it would make
// (firebase-tools functionsEmulator.ts addFirestoreTrigger). Firestore delivers the events to the
// functions emulator named by --functions_emulator (see setup/launcher-jar.mjs).

/** Functions and their trigger definitions, as the functions emulator lists them. */
async function listTriggers(functionsPort) {
  const res = await fetch(`http://127.0.0.1:${functionsPort}/backends`);
  if (!res.ok) throw new Error(`functions emulator /backends: ${res.status}`);
  const { backends } = await res.json();
  return backends.flatMap((b) => b.functionTriggers ?? []);
}

/** The request addFirestoreTrigger sends: v2 (CloudEvents) POSTs an eventarc trigger, v1 PUTs a legacy one. */
function registration(projectId, key, def) {
  const trigger = def.eventTrigger;
  if (def.platform !== "gcfv2") {
    return {
      method: "PUT",
      path: `/emulator/v1/projects/${projectId}/triggers/${key}`,
      body: { eventTrigger: { ...trigger, service: "firestore.googleapis.com" } },
    };
  }
  const { database, namespace } = trigger.eventFilters ?? {};
  const pattern = trigger.eventFilterPathPatterns?.document;
  const document = pattern ? { value: pattern, matchType: "PATH_PATTERN" } : { value: trigger.eventFilters?.document, matchType: "EXACT" };
  return {
    method: "POST",
    path: `/emulator/v1/projects/${projectId}/eventarcTrigger?eventarcTriggerId=${key}`,
    body: { eventType: trigger.eventType, database, namespace, document },
  };
}

/**
 * Registers every Firestore trigger; returns the trigger keys. The key is `${id}-${generation}`:
 * generation is 0 in a freshly started functions emulator (it only grows when triggers are
 * re-enabled through the hub), and registering the same key again replaces the earlier one.
 */
export async function registerFirestoreTriggers({ projectId, functionsPort, firestorePort }) {
  const defs = (await listTriggers(functionsPort)).filter((d) => d.eventTrigger?.eventType?.includes("firestore") && !d.eventTrigger.channel);
  const keys = [];
  for (const def of defs) {
    const key = `${def.id}-0`;
    const { method, path, body } = registration(projectId, key, def);
    const res = await fetch(`http://127.0.0.1:${firestorePort}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`registering Firestore trigger ${key}: ${res.status} ${await res.text()}`);
    keys.push(key);
  }
  return keys;
}
