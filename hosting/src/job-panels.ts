/** The parts of the job view drawn from the job document: counts, limiter, circuits, targets, metrics, tallies, resumes, errors. */
import type { FirestoreDataConverter, QueryDocumentSnapshot, Timestamp } from "firebase/firestore";
import type { JobDocAs } from "../../functions/src/engine/job-schema";
import { h, timeText } from "./dom";
import { limitsText } from "./limits";

/** A job document as the page reads it: the engine's job schema, with the web SDK's timestamps. */
export type Job = JobDocAs<Timestamp>;
type Progress = Job["progress"];

/**
 * Reads job documents as `Job`. Only the engine writes them (the rules make them admin-read-only and
 * never client-writable), through the schema this type comes from, so the shape is the engine's.
 */
export const jobConverter: FirestoreDataConverter<Job> = {
  toFirestore: () => {
    throw new Error("The admin page never writes job documents");
  },
  fromFirestore: (snap: QueryDocumentSnapshot) => snap.data() as Job,
};

const OUTCOMES = ["processed", "succeeded", "failed", "skipped", "unavailable"] as const;

export function counts(p: Progress): HTMLElement {
  const cell = (label: string, value: unknown) => h("div", {}, h("dt", {}, label), h("dd", { "data-testid": `count-${label}` }, String(value ?? 0)));
  return h("dl", { class: "counts" }, ...OUTCOMES.map((o) => cell(o, p[o])), cell("total", p.total ?? "?"));
}

export function rateLine(p: Progress): HTMLElement {
  return h("p", {}, `Rate ${p.itemsPerSecond ?? 0} items/s · ETA ${p.etaSeconds == null ? "–" : `${p.etaSeconds} s`} · current item ${p.currentItem ?? "–"}`);
}

/** A job's limiter as one phrase: its state, in flight, released in the last minute. */
export function limiterText(job: Pick<Job, "limiter">): string {
  const l = job.limiter ?? {};
  return `${l.state ?? "idle"}, ${l.inFlight ?? 0} in flight, ${l.releasedLastMinute ?? 0} released in the last minute`;
}

export function limiter(job: Job): HTMLElement {
  const throttled = job.limiter?.throttledUntil ? ` · throttled until ${timeText(job.limiter.throttledUntil)}` : "";
  return h("p", { "data-testid": "limiter" }, `Limiter: ${limiterText(job)} (limits: ${limitsText(job.rateLimits ?? {})})${throttled}`);
}

/** Each source's circuit breaker (present once it has changed state). */
export function circuits(job: Job): HTMLElement {
  const entries = Object.entries(job.circuits ?? {});
  if (entries.length === 0) return h("p", { "data-testid": "circuits" }, "Circuit breakers: none tripped.");
  return h(
    "ul",
    { "aria-label": "Circuit breakers", "data-testid": "circuits" },
    ...entries.map(([source, c]) => {
      const until = c.state === "open" && c.openUntil ? ` until ${timeText(c.openUntil)}` : "";
      const last = c.lastError ? ` · last error: ${c.lastError}` : "";
      return h(
        "li",
        {},
        `${source}: `,
        h("strong", { "data-testid": `circuit-${source}` }, c.state),
        `${until}, ${c.failures} failures, since ${timeText(c.changedAt)}${last}`,
      );
    }),
  );
}

/** One row per target (e.g. a district) that expands to its counts and last error; `open` keeps expanded rows open across updates. */
export function targets(job: Job, open: Set<string>): HTMLElement | null {
  const entries = Object.entries(job.targets ?? {}).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  if (entries.length === 0) return null;
  const rows = entries.map(([target, t]) => {
    const details = h(
      "details",
      { open: open.has(target), "data-target": target },
      h("summary", {}, `${target}: ${t.processed} processed${t.failed ? `, ${t.failed} failed` : ""}`),
      h("dl", { class: "counts" }, ...OUTCOMES.map((o) => h("div", {}, h("dt", {}, o), h("dd", {}, String(t[o] ?? 0))))),
      h("p", {}, `Last error: ${t.lastError ?? "none"}`),
    );
    details.addEventListener("toggle", () => (details.open ? open.add(target) : open.delete(target)));
    return details;
  });
  return h("section", { "aria-labelledby": "targets-title" }, h("h3", { id: "targets-title" }, "Targets"), ...rows);
}

/** "columnsMissing" -> "Columns missing". */
const humanize = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

/** A fact's value as text: lists joined ("none" when empty), a rate (0..1, named "...Rate") as a percentage. */
function factText(key: string, v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.join(", ");
  if (typeof v === "number" && /Rate$/.test(key) && v >= 0 && v <= 1) return `${Math.round(v * 1000) / 10}%`;
  if (v === null || v === undefined) return "–";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** The kind's decisions at creation (details), its summed metrics and its summary of them. */
export function kindFacts(job: Job): HTMLElement | null {
  const facts = [...Object.entries(job.details ?? {}), ...Object.entries(job.metrics ?? {}), ...Object.entries(job.summary ?? {})];
  if (facts.length === 0) return null;
  return h(
    "section",
    { "aria-labelledby": "facts-title" },
    h("h3", { id: "facts-title" }, "Details and metrics"),
    h("dl", { class: "facts" }, ...facts.map(([k, v]) => h("div", {}, h("dt", {}, k), h("dd", { "data-testid": `fact-${k}` }, factText(k, v))))),
  );
}

/** Failed items by retryable or permanent and by error type (shown once something failed). */
export function errorSummary(job: Job): HTMLElement | null {
  const e = job.errorSummary ?? {};
  const total = (e.retryable ?? 0) + (e.permanent ?? 0);
  if (total === 0) return null;
  const types = Object.entries<number>(e.byType ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");
  return h(
    "p",
    { "data-testid": "error-summary" },
    `Errors: ${total} failed items, ${e.permanent ?? 0} permanent, ${e.retryable ?? 0} retryable · by type: ${types}`,
  );
}

/** The kind's tallies (e.g. column drift): one collapsed list per tally, values with the items that had them. */
export function tallies(job: Job, open: Set<string>): HTMLElement | null {
  const entries = Object.entries<Record<string, number>>(job.tallies ?? {}).filter(([, counts]) => Object.keys(counts).length > 0);
  if (entries.length === 0) return null;
  const lists = entries.map(([name, counts]) => {
    const values = Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
    const details = h(
      "details",
      { open: open.has(name), "data-testid": `tally-${name}` },
      h("summary", {}, `${humanize(name)}: ${values.length} value${values.length === 1 ? "" : "s"}`),
      h("ul", {}, ...values.map(([value, n]) => h("li", {}, `${value}: ${n} item${n === 1 ? "" : "s"}`))),
    );
    details.addEventListener("toggle", () => (details.open ? open.add(name) : open.delete(name)));
    return details;
  });
  return h("section", { "aria-labelledby": "tallies-title" }, h("h3", { id: "tallies-title" }, "Tallies (items per value)"), ...lists);
}

export function resumes(job: Job): HTMLElement | null {
  const list: Array<{ at: unknown; reason: string }> = job.resumes ?? [];
  if (list.length === 0) return null;
  return h(
    "section",
    { "aria-labelledby": "resumes-title" },
    h("h3", { id: "resumes-title" }, "Resumes"),
    h("ul", {}, ...list.map((r) => h("li", {}, `resumed ${timeText(r.at)}: ${r.reason}`))),
  );
}

export function lastErrors(job: Job): HTMLElement | null {
  const list: Array<{ itemKey: string; message: string; at: unknown }> = job.lastErrors ?? [];
  if (list.length === 0) return null;
  return h(
    "section",
    { "aria-labelledby": "errors-title" },
    h("h3", { id: "errors-title" }, "Last errors"),
    h("ul", {}, ...[...list].reverse().map((e) => h("li", {}, `${timeText(e.at)} ${e.itemKey}: ${e.message}`))),
  );
}
