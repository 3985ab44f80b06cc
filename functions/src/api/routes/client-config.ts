/**
 * `GET /client-config` (no sign-in needed): whether the admin page must use the emulators, and
 * where they are. The page's Firebase config itself comes from Hosting's reserved
 * `/__/firebase/init.json` (the project's web app; in the Hosting emulator a demo config), so no
 * API key is configured here. Only the functions know the emulator hosts: in the local stack the
 * Auth and Firestore emulators run in another firebase-tools process than Hosting, so Hosting's
 * own `/__/firebase/init.js?useEmulator=true` does not list them.
 */
import { Router } from "express";

export interface ClientConfig {
  emulators: { auth: string; firestore: string } | null;
}

export function clientConfig(env: NodeJS.ProcessEnv): ClientConfig {
  const auth = env.FIREBASE_AUTH_EMULATOR_HOST;
  const firestore = env.FIRESTORE_EMULATOR_HOST;
  return { emulators: env.FUNCTIONS_EMULATOR === "true" && auth && firestore ? { auth, firestore } : null };
}

export function clientConfigRoute(): Router {
  return Router().get("/client-config", (_req, res) => {
    res.set("cache-control", "no-store").json(clientConfig(process.env));
  });
}
