/**
 * The admin page: sign in with Firebase Auth; only admins (custom claim admin: true) see the
 * console. Reads go to Firestore (allowed to admins by firestore.rules); writes go through the API.
 */
import { onAuthStateChanged, signInWithEmailAndPassword, signOut, type User } from "firebase/auth";
import { connect } from "./firebase";
import { History } from "./history";
import { JobView } from "./job-view";
import { SettingsForm } from "./settings-form";
import { StartForm } from "./start-form";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function show(view: "signed-out" | "not-admin" | "console"): void {
  for (const el of document.querySelectorAll<HTMLElement>("[data-view]")) el.hidden = el.dataset.view !== view;
}

async function isAdmin(user: User): Promise<boolean> {
  return (await user.getIdTokenResult()).claims.admin === true;
}

async function main(): Promise<void> {
  const { auth, db } = await connect();
  const jobView = new JobView($("job"), db, auth);
  const history = new History($("history"), db, (jobId) => jobView.open(jobId));
  const startForm = new StartForm($("start"), auth, (jobId) => jobView.open(jobId));
  const settings = new SettingsForm($("settings"), db, auth, (limits) => startForm.settingsSaved(limits));
  const form = $<HTMLFormElement>("sign-in");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = $("sign-in-error");
    error.textContent = "";
    try {
      await signInWithEmailAndPassword(auth, $<HTMLInputElement>("email").value, $<HTMLInputElement>("password").value);
    } catch (e) {
      error.textContent = `Sign-in failed: ${(e as { code?: string }).code ?? String(e)}`;
    }
  });
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-sign-out]")) button.addEventListener("click", () => void signOut(auth));
  onAuthStateChanged(auth, async (user) => {
    history.close();
    jobView.close();
    settings.close();
    if (!user) return show("signed-out");
    for (const el of document.querySelectorAll<HTMLElement>("[data-user-email]")) el.textContent = user.email ?? user.uid;
    const admin = await isAdmin(user);
    show(admin ? "console" : "not-admin");
    if (!admin) return;
    history.start(); // only admins may read jobs (firestore.rules)
    const loaded = await Promise.allSettled([startForm.load().then((kinds) => history.setKinds(kinds)), settings.load()]);
    const [kinds, limits] = loaded;
    if (kinds.status === "rejected") $("start").textContent = `Cannot load the kinds: ${String(kinds.reason)}`;
    if (limits.status === "rejected") $("settings").textContent = `Cannot load the rate-limit settings: ${String(limits.reason)}`;
  });
}

main().catch((error: unknown) => {
  $("fatal").textContent = `The console could not start: ${error instanceof Error ? error.message : String(error)}`;
});
