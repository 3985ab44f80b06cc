// Part of `npm run build` (and so of the deploy's predeploy): stamps lib/deploy-id.json with a new
// id. Every function of one deploy is built from this one upload, so they all read the same id:
// seed 000's "once per start of the system" means once per deploy, not once per Cloud Run service
// (each 2nd-gen function is its own service with its own K_REVISION).
const { randomUUID } = require("node:crypto");
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");

const builtAt = new Date().toISOString();
const id = `deploy-${builtAt.replace(/[^0-9]/g, "").slice(0, 14)}-${randomUUID().slice(0, 8)}`;
writeFileSync(join(__dirname, "../lib/deploy-id.json"), `${JSON.stringify({ id, builtAt })}\n`);
