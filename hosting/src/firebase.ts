/**
 * The Firebase web SDK. Its config is the project's web app, from Hosting's reserved
 * `/__/firebase/init.json` (served for the web app linked to this Hosting site; the Hosting
 * emulator serves a demo config for a `demo-` project). The API's `/client-config` says only
 * whether to use the emulators, and where.
 */
import { type FirebaseApp, type FirebaseOptions, initializeApp } from "firebase/app";
import { type Auth, browserLocalPersistence, connectAuthEmulator, indexedDBLocalPersistence, initializeAuth } from "firebase/auth";
import { connectFirestoreEmulator, type Firestore, getFirestore } from "firebase/firestore";

export const API_BASE = "/api/admin/backfill";
export const INIT_JSON = "/__/firebase/init.json";

interface ClientConfig {
  emulators: { auth: string; firestore: string } | null;
}

export interface Client {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
}

async function getJson(url: string, what: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${what} (${url}) answered ${res.status}`);
  return res.json();
}

/** The web app config from Hosting; the fields the page needs must be there. */
function webAppConfig(json: unknown): FirebaseOptions {
  const config = (json ?? {}) as Record<string, unknown>;
  const missing = ["apiKey", "projectId", "authDomain"].filter((key) => typeof config[key] !== "string" || config[key] === "");
  if (missing.length)
    throw new Error(`Hosting's ${INIT_JSON} has no ${missing.join(", ")}: register a web app for the project and link it to this Hosting site`);
  return config as FirebaseOptions;
}

export async function connect(): Promise<Client> {
  const [init, client] = await Promise.all([getJson(INIT_JSON, "Hosting's web app config"), getJson(`${API_BASE}/client-config`, "The API")]);
  const app = initializeApp(webAppConfig(init));
  // Email/password only: no popup/redirect resolver, so the SDK never loads apis.google.com or the
  // auth iframe (getAuth does on phones and Safari), which the page's Content-Security-Policy refuses.
  const auth = initializeAuth(app, { persistence: [indexedDBLocalPersistence, browserLocalPersistence] });
  const db = getFirestore(app);
  const { emulators } = client as ClientConfig;
  if (emulators) {
    connectAuthEmulator(auth, `http://${emulators.auth}`, { disableWarnings: true });
    const [host, port] = emulators.firestore.split(":");
    connectFirestoreEmulator(db, host, Number(port));
  }
  return { app, auth, db };
}
