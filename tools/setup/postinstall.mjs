// Runs after `npm install`: builds what the project needs locally, idempotently.
//  - the Firestore emulator launcher jar (see launcher-jar.mjs)
//  - the functions (TypeScript -> functions/lib)
//  - the admin page (hosting/src -> hosting/public/app.js)
//  - Debian's Chromium for the page's browser tests (where apt-get can install it; else a hint)
//  - a registry document in npm's cache the deploy-check test resolves offline (npm-cache.mjs)
import { execSync } from "node:child_process";
import { resolve } from "node:path";
import { buildPage } from "./build-page.mjs";
import { ensureChromium } from "./chromium.mjs";
import { ensureLauncherJar } from "./launcher-jar.mjs";
import { ensureNpmCache } from "./npm-cache.mjs";

const root = resolve(import.meta.dirname, "../..");
const jar = ensureLauncherJar();
console.log(jar ? `Firestore emulator launcher: ${jar}` : "No official Firestore emulator jar here: firebase-tools will download its own.");
execSync("npm run build --workspace functions", { cwd: root, stdio: "inherit" });
await buildPage();
const chromium = ensureChromium();
if (chromium) console.log(`Chromium for the browser tests: ${chromium}`);
ensureNpmCache(root);
