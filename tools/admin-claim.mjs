// Grants or revokes the admin custom claim for a user, by email.
//   npm run admin -- grant someone@example.com            (the local Auth emulator, 127.0.0.1:9099)
//   npm run admin -- revoke someone@example.com
//   npm run admin -- grant someone@example.com --project my-project   (a real project, with
//        application default credentials: `gcloud auth application-default login`, then
//        `gcloud auth application-default set-quota-project my-project`)
// Revoke also revokes the user's refresh tokens, so an ID token issued before it is refused by the
// API at once (the API verifies tokens with revocation checked), not up to an hour later.
// A `demo-` project id (the default, demo-backfill) always means the Auth emulator.
import { initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";

const args = process.argv.slice(2);
const projectFlag = args.indexOf("--project");
const project = projectFlag >= 0 ? args[projectFlag + 1] : "demo-backfill";
const [action, email] = args.filter((_, i) => projectFlag < 0 || (i !== projectFlag && i !== projectFlag + 1));
if (!["grant", "revoke"].includes(action) || !email || !project) {
  console.error("usage: npm run admin -- grant|revoke <email> [--project <projectId>]");
  process.exit(2);
}
const emulated = project.startsWith("demo-");
if (emulated) {
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= "127.0.0.1:9099";
  process.env.METADATA_SERVER_DETECTION ??= "none"; // no metadata-server probe from this machine
} else if (process.env.FIREBASE_AUTH_EMULATOR_HOST) {
  console.error(`FIREBASE_AUTH_EMULATOR_HOST is set (${process.env.FIREBASE_AUTH_EMULATOR_HOST}): unset it to change users of the real project ${project}`);
  process.exit(2);
}
process.env.GOOGLE_CLOUD_PROJECT ??= project;
const auth = getAuth(initializeApp({ projectId: project }));
const user = await auth.getUserByEmail(email).catch((error) => {
  console.error(`No user ${email} in ${emulated ? "the Auth emulator" : project}: ${error.message}`);
  process.exit(1);
});
const claims = { ...(user.customClaims ?? {}) };
if (action === "grant") claims.admin = true;
else delete claims.admin;
await auth.setCustomUserClaims(user.uid, claims);
if (action === "revoke") await auth.revokeRefreshTokens(user.uid);
const where = emulated ? `the Auth emulator (${project})` : project;
console.log(
  action === "grant"
    ? `Granted admin for ${email} (${user.uid}) on ${where}. The user must sign in again (or refresh the ID token).`
    : `Revoked admin for ${email} (${user.uid}) on ${where}, and revoked the user's sessions: the API refuses the user's current ID tokens now.`,
);
