// Grants or revokes the admin custom claim for a user, by email.
//   npm run admin -- grant someone@example.com            (the local Auth emulator, 127.0.0.1:9099)
//   npm run admin -- revoke someone@example.com
//   npm run admin -- grant someone@example.com --project my-project   (a real project, with
//        application default credentials: `gcloud auth application-default login`)
import { initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";

const args = process.argv.slice(2);
const projectFlag = args.indexOf("--project");
const project = projectFlag >= 0 ? args[projectFlag + 1] : null;
const [action, email] = args.filter((_, i) => i !== projectFlag && i !== projectFlag + 1);
if (!["grant", "revoke"].includes(action) || !email) {
  console.error("usage: npm run admin -- grant|revoke <email> [--project <projectId>]");
  process.exit(2);
}
if (!project) process.env.FIREBASE_AUTH_EMULATOR_HOST ??= "127.0.0.1:9099";
const auth = getAuth(initializeApp({ projectId: project ?? "demo-backfill" }));
const user = await auth.getUserByEmail(email);
const claims = { ...(user.customClaims ?? {}) };
if (action === "grant") claims.admin = true;
else delete claims.admin;
await auth.setCustomUserClaims(user.uid, claims);
console.log(`${action === "grant" ? "Granted" : "Revoked"} admin for ${email} (${user.uid}) on ${project ?? "the Auth emulator"}. The user must sign in again (or refresh the ID token).`);
