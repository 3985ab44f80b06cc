/** The Firebase web SDK, configured from the API's /client-config (the emulators locally). */
import { type FirebaseApp, initializeApp } from "firebase/app";
import { type Auth, connectAuthEmulator, getAuth } from "firebase/auth";
import { connectFirestoreEmulator, type Firestore, getFirestore } from "firebase/firestore";

export const API_BASE = "/api/admin/backfill";

interface ClientConfig {
  projectId: string;
  apiKey: string;
  authDomain: string;
  emulators: { auth: string; firestore: string } | null;
}

export interface Client {
  app: FirebaseApp;
  auth: Auth;
  db: Firestore;
}

export async function connect(): Promise<Client> {
  const res = await fetch(`${API_BASE}/client-config`);
  if (!res.ok) throw new Error(`The API did not answer /client-config (${res.status})`);
  const config = (await res.json()) as ClientConfig;
  const app = initializeApp({ projectId: config.projectId, apiKey: config.apiKey, authDomain: config.authDomain });
  const auth = getAuth(app);
  const db = getFirestore(app);
  if (config.emulators) {
    connectAuthEmulator(auth, `http://${config.emulators.auth}`, { disableWarnings: true });
    const [host, port] = config.emulators.firestore.split(":");
    connectFirestoreEmulator(db, host, Number(port));
  }
  return { app, auth, db };
}
