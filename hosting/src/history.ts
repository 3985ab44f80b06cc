/**
 * Job history, newest first, live (onSnapshot), below the job controls: status, kind, started,
 * duration, items processed of total, date range (kinds that take one), error summary. Filters by
 * status, kind and creation date range, cursor pagination ("Load more"); each row opens the job view.
 * Rows are lit-html templates keyed by job id, updated in place (a focused row button stays its job's).
 */
import { collection, type Firestore, orderBy, query, type QueryConstraint, type QueryDocumentSnapshot, Timestamp, where } from "firebase/firestore";
import { html, nothing, render, type TemplateResult } from "lit-html";
import { repeat } from "lit-html/directives/repeat.js";
import { JOB_STATUSES } from "../../functions/src/engine/status";
import { h } from "./dom";
import { formatCount, formatDuration, formatProgress } from "./format";
import { elapsedMs, type Job, jobConverter } from "./job-panels";
import { LivePages } from "./live-pages";
import { statusBadge, when } from "./parts";

export const HISTORY_PAGE_SIZE = 20;
/** Relative times are redrawn this often between snapshots. */
const CLOCK_MS = 30_000;
const ERROR_CHARS = 80;

/** A local calendar day (yyyy-mm-dd) as the Timestamp of its first instant. */
const dayStart = (day: string, plusDays = 0) => {
  const [y, m, d] = day.split("-").map(Number);
  return Timestamp.fromDate(new Date(y, m - 1, d + plusDays));
};

/** Started to finished; a job still under way counts to now ("so far"). */
function duration(job: Job, now: number): string {
  const ms = elapsedMs(job, now);
  if (ms === null) return "–";
  return job.finishedAt ? formatDuration(ms) : `${formatDuration(ms)} so far`;
}

/** The params' date range, for kinds that take one (startDate, optional endDate). */
function dateRange(job: Job): string {
  const { startDate, endDate } = (job.params ?? {}) as { startDate?: unknown; endDate?: unknown };
  if (typeof startDate !== "string") return "–";
  return typeof endDate === "string" && endDate !== startDate ? `${startDate} – ${endDate}` : startDate;
}

/** Failed items and the first recorded error (whole on hover). */
function errors(job: Job): TemplateResult | string {
  const failed = job.progress?.failed ?? 0;
  const first = job.lastErrors?.[0]?.message;
  if (failed === 0 && !first) return "none";
  const short = first && first.length > ERROR_CHARS ? `${first.slice(0, ERROR_CHARS - 1)}…` : first;
  return html`${formatCount(failed)} failed${first ? html`: <span title=${first}>${short}</span>` : nothing}`;
}

export class History {
  private pages: LivePages | null = null;
  private docs: Array<QueryDocumentSnapshot<Job>> = [];
  private readonly clock = setInterval(() => this.draw(), CLOCK_MS);
  private readonly status = h("select", { id: "filter-status" }, h("option", { value: "" }, "any"), ...JOB_STATUSES.map((s) => h("option", { value: s }, s)));
  private readonly kind = h("select", { id: "filter-kind" }, h("option", { value: "" }, "any"));
  private readonly from = h("input", { id: "filter-from", type: "date" });
  private readonly to = h("input", { id: "filter-to", type: "date" });
  private readonly list = h("div");
  private readonly loadMore = h("button", { type: "button", hidden: true }, "Load more");
  private readonly problem = h("p", { role: "alert" });

  constructor(
    private readonly root: HTMLElement,
    private readonly db: Firestore,
    private readonly open: (jobId: string) => void,
  ) {
    const label = (text: string, control: HTMLElement) => h("label", { for: control.id }, `${text} `, control);
    const filters = h(
      "fieldset",
      { class: "filters" },
      h("legend", {}, "Filters"),
      label("Filter by status", this.status),
      label("Filter by kind", this.kind),
      label("Created from", this.from),
      label("Created to", this.to),
    );
    for (const control of [this.status, this.kind, this.from, this.to]) control.addEventListener("change", () => this.start());
    this.loadMore.addEventListener("click", () => this.pages?.more());
    root.replaceChildren(filters, this.problem, this.list, this.loadMore);
  }

  setKinds(names: string[]): void {
    this.kind.replaceChildren(h("option", { value: "" }, "any"), ...names.map((n) => h("option", { value: n }, n)));
  }

  start(): void {
    this.close();
    this.problem.textContent = "";
    if (this.from.value && this.to.value && this.to.value < this.from.value) {
      this.problem.textContent = "Created to is before Created from.";
      this.docs = [];
      render(nothing, this.list);
      return;
    }
    const constraints: QueryConstraint[] = [];
    if (this.status.value) constraints.push(where("status", "==", this.status.value));
    if (this.kind.value) constraints.push(where("kind", "==", this.kind.value));
    if (this.from.value) constraints.push(where("createdAt", ">=", dayStart(this.from.value)));
    if (this.to.value) constraints.push(where("createdAt", "<", dayStart(this.to.value, 1)));
    const base = query(collection(this.db, "backfillJobs"), ...constraints, orderBy("createdAt", "desc")).withConverter(jobConverter);
    this.pages = new LivePages(
      base,
      HISTORY_PAGE_SIZE,
      (docs, more) => {
        this.docs = docs as Array<QueryDocumentSnapshot<Job>>;
        this.loadMore.hidden = !more;
        this.draw();
      },
      (error) => (this.problem.textContent = `Cannot list jobs: ${error.message}`),
    );
  }

  close(): void {
    this.pages?.close();
    this.pages = null;
  }

  private draw(): void {
    if (!this.pages) return;
    const filtered = Boolean(this.status.value || this.kind.value || this.from.value || this.to.value);
    if (this.docs.length === 0) {
      render(html`<p>${filtered ? "No jobs match these filters." : "No jobs yet."}</p>`, this.list);
      return;
    }
    const now = Date.now();
    const row = (d: QueryDocumentSnapshot<Job>) => {
      const job = d.data();
      return html`<tr>
        <td><button type="button" aria-label="Open job ${d.id}" @click=${() => this.open(d.id)}>${d.id}</button></td>
        <td>${statusBadge(job.status)}</td>
        <td>${job.kind}</td>
        <td>${job.startedAt ? when(job.startedAt) : "not yet"}</td>
        <td>${duration(job, now)}</td>
        <td>${formatProgress(job.progress?.processed, job.progress?.total)}</td>
        <td>${dateRange(job)}</td>
        <td class="error">${errors(job)}</td>
      </tr>`;
    };
    const columns = ["Job", "Status", "Kind", "Started", "Duration", "Items processed / total", "Date range", "Errors"];
    render(
      html`<div class="scroll">
        <table aria-label="Job history">
          <thead>
            <tr>
              ${columns.map((c) => html`<th scope="col">${c}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${repeat(this.docs, (d) => d.id, row)}
          </tbody>
        </table>
      </div>`,
      this.list,
    );
  }
}
