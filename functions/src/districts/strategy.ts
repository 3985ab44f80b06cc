/**
 * Collection strategy (seed 002's DataSourceSelector): the all-districts summary (one export per
 * date, summary rows only) or the three detailed exports per district and date.
 */
import type { Scope } from "./scope";

export type CollectionType = "system-wide" | "per-district" | "auto";
export type Strategy = "system-wide" | "per-district";

/** Up to this many target districts, auto picks per-district (3 exports each) over the summary. */
export const AUTO_PER_DISTRICT_MAX = 5;

export type StrategyResult = { ok: true; strategy: Strategy; reason: string } | { ok: false; reason: string };

export function selectStrategy(requested: CollectionType, scope: Scope): StrategyResult {
  const n = scope.districts.length;
  if (requested === "per-district") {
    if (n === 0) return { ok: false, reason: "per-district collection needs targetDistricts or a configured district scope" };
    return { ok: true, strategy: "per-district", reason: `per-district requested: 3 detailed exports for each of ${n} districts per date` };
  }
  if (requested === "system-wide") return { ok: true, strategy: "system-wide", reason: "system-wide requested: one all-districts summary export per date" };
  if (scope.scopeType !== "system-wide" && n <= AUTO_PER_DISTRICT_MAX) {
    return { ok: true, strategy: "per-district", reason: `auto: ${n} target district(s) (<= ${AUTO_PER_DISTRICT_MAX}) get the detailed per-district exports` };
  }
  const what = scope.scopeType === "system-wide" ? "no target districts" : `${n} target districts (> ${AUTO_PER_DISTRICT_MAX})`;
  return { ok: true, strategy: "system-wide", reason: `auto: ${what}: one all-districts summary export per date is cheaper` };
}
