/**
 * `GET /client-config` (no sign-in needed): what the admin page passes to the Firebase web SDK.
 * Nothing secret: a web API key only identifies the project. In the emulator it also names the
 * Auth and Firestore emulators the functions use, so the page talks to the same ones.
 */
import { Router } from "express";
import type { Config } from "../../config";

export interface ClientConfig {
  projectId: string;
  apiKey: string;
  authDomain: string;
  emulators: { auth: string; firestore: string } | null;
}

export function clientConfig(config: Config, env: NodeJS.ProcessEnv): ClientConfig {
  const inEmulator = env.FUNCTIONS_EMULATOR === "true" && env.FIREBASE_AUTH_EMULATOR_HOST && env.FIRESTORE_EMULATOR_HOST;
  return {
    projectId: config.projectId,
    apiKey: config.webApiKey,
    authDomain: `${config.projectId}.firebaseapp.com`,
    emulators: inEmulator ? { auth: env.FIREBASE_AUTH_EMULATOR_HOST ?? "", firestore: env.FIRESTORE_EMULATOR_HOST ?? "" } : null,
  };
}

export function clientConfigRoute(config: () => Config): Router {
  return Router().get("/client-config", (_req, res) => {
    res.set("cache-control", "no-store").json(clientConfig(config(), process.env));
  });
}
