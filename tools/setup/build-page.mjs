// Builds the admin page: hosting/src/main.ts (Firebase web SDK, lit-html templates) -> hosting/public/app.js.
// Run by npm install, npm start and npm test, so Hosting always serves the current page.
import { build } from "esbuild";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

export async function buildPage() {
  await build({
    entryPoints: [resolve(root, "hosting/src/main.ts")],
    outfile: resolve(root, "hosting/public/app.js"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await buildPage();
