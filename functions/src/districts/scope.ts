/**
 * District scope (seeds 002/003: DistrictConfigurationService, ScopeManager). The configured scope is
 * `districtConfiguration/current` { districts: [...] }; an empty or missing list means "all
 * districts the dashboard lists". Target districts are checked against it before a job exists.
 */
import type { Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import { DISTRICT_ID } from "../sources/dashboard/columns";

export const DISTRICT_CONFIG = "districtConfiguration";
export const districtId = z.string().trim().toUpperCase().pipe(z.string().regex(DISTRICT_ID, "not a district id (1-3 letters or digits)"));

export async function readConfiguredDistricts(db: Firestore): Promise<string[]> {
  const snap = await db.collection(DISTRICT_CONFIG).doc("current").get();
  const parsed = z.object({ districts: z.array(districtId) }).safeParse(snap.data());
  return parsed.success ? sortDistricts(parsed.data.districts) : [];
}

/** The configured districts as the choices of a kind's `targetDistricts` field (the page's form). */
export async function districtFormOptions(db: Firestore): Promise<Record<string, string[]>> {
  return { targetDistricts: await readConfiguredDistricts(db) };
}

/** Districts in key order (plain string order, the order item keys sort in). */
export function sortDistricts(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort();
}

export type ScopeType = "system-wide" | "targeted" | "single-district";

export interface Scope {
  /** The districts the job covers; empty = every district the dashboard lists (no scope configured). */
  districts: string[];
  scopeType: ScopeType;
  configured: string[];
  /** Targets outside the configured scope, excluded (only with outOfScope: "exclude"). */
  excluded: string[];
}

export type ScopeResult = { ok: true; scope: Scope } | { ok: false; outOfScope: string[] };

/**
 * Resolves a request's targets against the configured scope. Out-of-scope targets are refused
 * (the default) or excluded and reported; with no scope configured every target is accepted.
 */
export function resolveScope(targets: string[] | undefined, configured: string[], outOfScope: "reject" | "exclude"): ScopeResult {
  if (!targets || targets.length === 0) return { ok: true, scope: { districts: configured, scopeType: "system-wide", configured, excluded: [] } };
  const wanted = sortDistricts(targets);
  const inScope = configured.length === 0 ? wanted : wanted.filter((d) => configured.includes(d));
  const excluded = wanted.filter((d) => !inScope.includes(d));
  if (excluded.length > 0 && (outOfScope === "reject" || inScope.length === 0)) return { ok: false, outOfScope: excluded };
  return { ok: true, scope: { districts: inScope, scopeType: inScope.length === 1 ? "single-district" : "targeted", configured, excluded } };
}
