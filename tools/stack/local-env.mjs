// Environment that keeps the emulator stack on this machine (tests and npm start make no network
// request outside loopback; tests/offline.test.ts checks it).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * For every process on the emulators (both CLIs, the functions, and through `stack.env` the tests
 * and npm start's scripts): the project id is explicit, and gcp-metadata (google-auth-library,
 * under the Admin SDK) never probes the metadata server (169.254.169.254), which is off this machine.
 */
export const localEnv = (projectId) => ({ GCLOUD_PROJECT: projectId, GOOGLE_CLOUD_PROJECT: projectId, METADATA_SERVER_DETECTION: "none" });

/**
 * For the firebase CLIs only. firebase-tools fetches its message of the day
 * (firebase-public.firebaseio.com/cli.json) unless its config store holds one fetched within a
 * day, checks npm for a newer firebase-tools (update-notifier) and, when the functions emulator
 * loads, for a newer firebase-functions (`npm show firebase-functions`). The CLIs get their own
 * config store under .stack (an empty message of the day, "fetched" at the end of time; it also
 * keeps the user's `firebase login` and usage settings away from the emulators), no update check,
 * and npm in offline mode (it answers from its cache or not at all).
 */
export function cliEnv(root) {
  const configHome = join(root, ".stack/firebase-cli-config");
  const store = join(configHome, "configstore/firebase-tools.json");
  if (!existsSync(store)) {
    mkdirSync(join(configHome, "configstore"), { recursive: true });
    writeFileSync(store, JSON.stringify({ motd: { fetched: 8_640_000_000_000_000 } }));
  }
  return { XDG_CONFIG_HOME: configHome, NO_UPDATE_NOTIFIER: "1", npm_config_offline: "true" };
}
