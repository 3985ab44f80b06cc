// Demo data for `npm start`: 300 recipes (40 already rated, 260 with difficulty null), the
// systemFlags store with difficulty_backfill_completed = false, the district scope, seed 004's
// process models and instances, and an admin user in the Auth emulator. Idempotent: existing data
// is kept (it persists across restarts); `--reset` makes the 260 recipes unrated again and sets
// the flag true (so nothing starts by itself).
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore, Timestamp } from "firebase-admin/firestore";
import { seedProcessDemo } from "./process-demo-data.mjs";

export const DEMO_DISTRICTS = ["1", "2", "3", "10", "21", "42", "61", "F"];
export const DEMO_ADMIN = { email: "admin@backfill.local", password: "backfill-admin" };
const DISHES = [
  "Tomato soup",
  "Beef Wellington",
  "Pancakes",
  "Croissants",
  "Green salad",
  "Risotto",
  "Paella",
  "Omelette",
  "Macarons",
  "Chili",
  "Sourdough bread",
  "Pad thai",
  "Lasagna",
  "Guacamole",
  "Soufflé",
];

function app() {
  return getApps()[0] ?? initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? "demo-backfill" });
}

export async function seedDemo({ reset = false } = {}) {
  const db = getFirestore(app());
  const recipes = db.collection("recipes");
  const existing = (await recipes.count().get()).data().count;
  if (existing === 0 || reset) {
    const writer = db.bulkWriter();
    for (let i = 0; i < 300; i += 1) {
      const dish = DISHES[i % DISHES.length];
      writer.set(recipes.doc(`recipe-${String(i).padStart(3, "0")}`), {
        title: `${dish} #${Math.floor(i / DISHES.length) + 1}`,
        ingredients: ["salt", "pepper", dish.split(" ")[0].toLowerCase()],
        instructions: `Prepare the ${dish.toLowerCase()} and serve.`,
        difficulty: i < 40 ? ["easy", "medium", "hard"][i % 3] : null,
      });
    }
    writer.set(db.collection("systemFlags").doc("difficulty_backfill_completed"), { value: reset, updatedAt: Timestamp.now() });
    await writer.close();
  }
  // The configured district scope (data-collection validates target districts against it); the
  // same districts the dashboard simulator serves.
  const scope = db.collection("districtConfiguration").doc("current");
  if (!(await scope.get()).exists) await scope.set({ districts: DEMO_DISTRICTS, updatedAt: Timestamp.now() });
  // Seed 004: process models and their instances (see process-demo-data.mjs).
  await seedProcessDemo(db);
  const auth = getAuth(app());
  const user = await auth.getUserByEmail(DEMO_ADMIN.email).catch(() => auth.createUser({ ...DEMO_ADMIN, emailVerified: true }));
  await auth.setCustomUserClaims(user.uid, { admin: true });
  return { seeded: existing === 0 || reset, admin: DEMO_ADMIN };
}

/** An ID token for the demo admin, from the Auth emulator (for curl and the recovery loop). */
export async function demoAdminToken(authHost = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? "127.0.0.1:9099") {
  const res = await fetch(`http://${authHost}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=fake-api-key`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...DEMO_ADMIN, returnSecureToken: true }),
  });
  const json = await res.json();
  if (!json.idToken) throw new Error(`sign-in failed: ${JSON.stringify(json)}`);
  return json.idToken;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.FIRESTORE_EMULATOR_HOST ??= "127.0.0.1:8080";
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= "127.0.0.1:9099";
  const result = await seedDemo({ reset: process.argv.includes("--reset") });
  console.log(result.seeded ? "Demo data written." : "Demo data already present.");
}
