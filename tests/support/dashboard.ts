/** The dashboard simulator `npm test` started (tools/dashboard-sim), and the district data it fed. */
import { adminToken, api } from "./api";
import { adminDb, clearFirestore } from "./stack";

export const SIM_DISTRICTS = ["1", "2", "3", "10", "21", "42", "61", "F"];

function simUrl(): string {
  const url = process.env.DASHBOARD_SIM_URL;
  if (!url) throw new Error("DASHBOARD_SIM_URL is not set: run the tests with `npm test`");
  return url;
}

export interface SimCall {
  at: number;
  report: string;
  district: string | null;
  date: string;
  status: number;
  fault: string | null;
}

export const sim = {
  async reset(): Promise<void> {
    await fetch(`${simUrl()}/__reset`, { method: "POST" });
  },
  async set(mode: Record<string, unknown>): Promise<void> {
    await fetch(`${simUrl()}/__control`, { method: "POST", body: JSON.stringify(mode) });
  },
  async calls(): Promise<SimCall[]> {
    return ((await (await fetch(`${simUrl()}/__calls`)).json()) as { calls: SimCall[] }).calls;
  },
};

export async function configureDistricts(districts: string[] = SIM_DISTRICTS): Promise<void> {
  await adminDb().doc("districtConfiguration/current").set({ districts });
}

export async function snapshotDoc(date: string, district: string) {
  return (await adminDb().doc(`districtSnapshots/${date}/districts/${district}`).get()).data();
}

export async function indexDoc(date: string) {
  return (await adminDb().doc(`districtSnapshots/${date}`).get()).data();
}

/** A district test's clean start: Firestore emptied, the simulator reset, the eight districts configured; an admin token. */
export async function freshDistricts(): Promise<string> {
  await clearFirestore();
  await sim.reset();
  await configureDistricts();
  return adminToken();
}

/** Creates a data-collection job (it must answer 201) and returns its id. */
export async function createCollection(token: string, params: Record<string, unknown>, rateLimits: Record<string, number>): Promise<string> {
  const res = await api("POST", "/", { token, body: { kind: "data-collection", params, rateLimits } });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.body.job.id as string;
}
