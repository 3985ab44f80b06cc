/** The synthetic kind (computed records, one counted write each) seen from a test. */
import { EFFECTS } from "../../functions/src/kinds/synthetic";
import { api } from "./api";
import { adminDb } from "./stack";

export async function startSyntheticJob(
  token: string,
  params: { records: number; batchSize?: number; msPerItem?: number },
  rateLimits: Record<string, number>,
  extra: { ramp?: { writesPerItem: number } } = {},
): Promise<string> {
  const res = await api("POST", "/", { token, body: { kind: "synthetic", params, rateLimits, ...extra } });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${res.text}`);
  return res.body.job.id as string;
}

/** The job's effects: how many records were written, and which were written more than once. */
export async function effectsOf(jobId: string): Promise<{ written: number; twice: number[]; records: Set<number> }> {
  const snap = await adminDb().collection(EFFECTS).where("jobId", "==", jobId).get();
  const records = new Set(snap.docs.map((d) => d.get("record") as number));
  const twice = snap.docs.filter((d) => d.get("writes") !== 1).map((d) => d.get("record") as number);
  return { written: snap.size, twice, records };
}
