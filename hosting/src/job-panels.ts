/** The parts of the job view drawn from the job document (lit-html templates): counts, pace, limiter, circuits, targets, facts, tallies, resumes, errors. */
import type { FirestoreDataConverter, QueryDocumentSnapshot, Timestamp } from "firebase/firestore";
import { html, nothing, type TemplateResult } from "lit-html";
import type { JobDocAs } from "../../functions/src/engine/job-schema";
import { FINISHED_STATUSES } from "../../functions/src/engine/status";
import { toDate } from "./dom";
import { formatCount, formatDuration, formatRate, humanize } from "./format";
import { limitsText } from "./limits";
import { when } from "./parts";

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

export function counts(p: Progress): TemplateResult {
  const cell = (label: string, testId: string, value: number | null | undefined) =>
    html`<div>
      <dt>${label}</dt>
      <dd data-testid="count-${testId}">${value == null ? "?" : formatCount(value)}</dd>
    </div>`;
  return html`<dl class="counts">${OUTCOMES.map((o) => cell(humanize(o), o, p[o] ?? 0))}${cell("Total", "total", p.total)}</dl>`;
}

/** Started to finished; a job still under way counts to `now`. Null before it started, or for a finished job without its times. */
export function elapsedMs(job: Pick<Job, "status" | "startedAt" | "finishedAt">, now: number): number | null {
  const start = toDate(job.startedAt)?.getTime();
  if (start === undefined) return null;
  const end = toDate(job.finishedAt)?.getTime();
  if (end !== undefined) return end - start;
  return FINISHED_STATUSES.includes(job.status) ? null : now - start;
}

/** Running: rate, time left, the current item. Finished: elapsed time and average rate. */
export function pace(job: Job): TemplateResult {
  const p = job.progress;
  if (FINISHED_STATUSES.includes(job.status)) {
    const elapsed = elapsedMs(job, Date.now());
    const average = elapsed && elapsed > 0 ? (p.processed * 1000) / elapsed : null;
    return html`<p data-testid="pace">Elapsed ${formatDuration(elapsed)} · average ${formatRate(average)}</p>`;
  }
  const eta = p.etaSeconds == null ? "–" : formatDuration(p.etaSeconds * 1000);
  return html`<p data-testid="pace">Rate ${formatRate(p.itemsPerSecond)} · time left ${eta} · current item ${p.currentItem ?? "–"}</p>`;
}

/** The limiter's states in words. */
const LIMITER_WORDS: Record<Job["limiter"]["state"], string> = {
  idle: "idle",
  releasing: "releasing",
  "waiting-for-slot": "waiting for a free slot",
  "waiting-for-rate": "waiting for the rate limit",
  throttled: "throttled by the source",
  draining: "draining",
};

/** A job's limiter as one phrase: its state, in flight, released in the last minute. */
export function limiterText(job: Pick<Job, "limiter">): string {
  const l = job.limiter;
  return `${LIMITER_WORDS[l?.state ?? "idle"] ?? l?.state}, ${formatCount(l?.inFlight ?? 0)} in flight, ${formatCount(l?.releasedLastMinute ?? 0)} released in the last minute`;
}

export function limiter(job: Job): TemplateResult {
  const until = job.limiter?.throttledUntil;
  return html`<p data-testid="limiter">
    Limiter: ${limiterText(job)} (limits: ${limitsText(job.rateLimits ?? {})})${until ? html` · throttled until ${when(until)}` : nothing}
  </p>`;
}

/** Each source's circuit breaker (present once it has changed state). */
export function circuits(job: Job): TemplateResult {
  const entries = Object.entries(job.circuits ?? {});
  if (entries.length === 0) return html`<p data-testid="circuits">Circuit breakers: none tripped.</p>`;
  return html`<ul aria-label="Circuit breakers" data-testid="circuits">
    ${entries.map(
      ([source, c]) =>
        html`<li>
          ${source}:
          <strong data-testid="circuit-${source}">${c.state}</strong>${c.state === "open" && c.openUntil ? html` until ${when(c.openUntil)}` : nothing},
          ${formatCount(c.failures)} failures, since ${when(c.changedAt)}${c.lastError ? ` · last error: ${c.lastError}` : nothing}
        </li>`,
    )}
  </ul>`;
}

/** Keeps a `<details>`' open state in `open` (by key) across updates. */
const remember = (open: Set<string>, key: string) => (event: Event) => ((event.currentTarget as HTMLDetailsElement).open ? open.add(key) : open.delete(key));

/** One row per target (e.g. a district) that expands to its counts and last error; `open` keeps expanded rows open across updates. */
export function targets(job: Job, open: Set<string>): TemplateResult | typeof nothing {
  const entries = Object.entries(job.targets ?? {}).sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }));
  if (entries.length === 0) return nothing;
  return html`<section aria-labelledby="targets-title">
    <h3 id="targets-title">Targets</h3>
    ${entries.map(
      ([target, t]) =>
        html`<details ?open=${open.has(target)} data-target=${target} @toggle=${remember(open, target)}>
          <summary>${target}: ${formatCount(t.processed)} processed${t.failed ? `, ${formatCount(t.failed)} failed` : nothing}</summary>
          <dl class="counts">
            ${OUTCOMES.map(
              (o) =>
                html`<div>
                  <dt>${humanize(o)}</dt>
                  <dd>${formatCount(t[o] ?? 0)}</dd>
                </div>`,
            )}
          </dl>
          <p>Last error: ${t.lastError ?? "none"}</p>
        </details>`,
    )}
  </section>`;
}

/** A fact's value as text: lists joined ("none" when empty), a rate (0..1, named "...Rate") as a percentage. */
function factText(key: string, v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? "none" : v.join(", ");
  if (typeof v === "number" && /Rate$/.test(key) && v >= 0 && v <= 1) return `${Math.round(v * 1000) / 10}%`;
  if (typeof v === "number") return formatCount(v);
  if (v === null || v === undefined) return "–";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** The kind's decisions at creation (details), its summed metrics and its summary of them. */
export function kindFacts(job: Job): TemplateResult | typeof nothing {
  const facts = [...Object.entries(job.details ?? {}), ...Object.entries(job.metrics ?? {}), ...Object.entries(job.summary ?? {})];
  if (facts.length === 0) return nothing;
  return html`<section aria-labelledby="facts-title">
    <h3 id="facts-title">Details and metrics</h3>
    <dl class="facts">
      ${facts.map(
        ([k, v]) =>
          html`<div>
            <dt title=${k}>${humanize(k)}</dt>
            <dd data-testid="fact-${k}">${factText(k, v)}</dd>
          </div>`,
      )}
    </dl>
  </section>`;
}

/** Failed items by retryable or permanent and by error type (shown once something failed). */
export function errorSummary(job: Job): TemplateResult | typeof nothing {
  const e = job.errorSummary ?? {};
  const total = (e.retryable ?? 0) + (e.permanent ?? 0);
  if (total === 0) return nothing;
  const types = Object.entries<number>(e.byType ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([type, n]) => `${type} ${formatCount(n)}`)
    .join(", ");
  const text = `Errors: ${formatCount(total)} failed items, ${formatCount(e.permanent ?? 0)} permanent, ${formatCount(e.retryable ?? 0)} retryable · by type: ${types}`;
  return html`<p data-testid="error-summary">${text}</p>`;
}

/** The kind's tallies (e.g. column drift): one collapsed list per tally, values with the items that had them. */
export function tallies(job: Job, open: Set<string>): TemplateResult | typeof nothing {
  const entries = Object.entries<Record<string, number>>(job.tallies ?? {}).filter(([, counts]) => Object.keys(counts).length > 0);
  if (entries.length === 0) return nothing;
  return html`<section aria-labelledby="tallies-title">
    <h3 id="tallies-title">Tallies (items per value)</h3>
    ${entries.map(([name, counts]) => {
      const values = Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
      return html`<details ?open=${open.has(name)} data-testid="tally-${name}" @toggle=${remember(open, name)}>
        <summary>${humanize(name)}: ${values.length} value${values.length === 1 ? "" : "s"}</summary>
        <ul>
          ${values.map(([value, n]) => html`<li>${value}: ${formatCount(n)} item${n === 1 ? "" : "s"}</li>`)}
        </ul>
      </details>`;
    })}
  </section>`;
}

export function resumes(job: Job): TemplateResult | typeof nothing {
  const list = job.resumes ?? [];
  if (list.length === 0) return nothing;
  return html`<section aria-labelledby="resumes-title">
    <h3 id="resumes-title">Resumes</h3>
    <ul>
      ${list.map((r) => html`<li>resumed ${when(r.at)}: ${r.reason}</li>`)}
    </ul>
  </section>`;
}

export function lastErrors(job: Job): TemplateResult | typeof nothing {
  const list = job.lastErrors ?? [];
  if (list.length === 0) return nothing;
  return html`<section aria-labelledby="errors-title">
    <h3 id="errors-title">Last errors</h3>
    <ul>
      ${[...list].reverse().map((e) => html`<li>${when(e.at)} ${e.itemKey}: ${e.message}</li>`)}
    </ul>
  </section>`;
}
