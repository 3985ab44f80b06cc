/**
 * One job, live (onSnapshot on its document and its failed items): everything the job shows, and its
 * actions. Rendered with lit-html, which updates the DOM in place: a snapshot (up to once a second)
 * changes only the text that changed, so a button keeps its element, its focus and its click.
 */
import type { Auth } from "firebase/auth";
import { doc, type Firestore, onSnapshot, type Unsubscribe } from "firebase/firestore";
import { html, nothing, render, type TemplateResult } from "lit-html";
import { canTransition, FINISHED_STATUSES } from "../../functions/src/engine/status";
import { callApi } from "./api";
import { ask } from "./confirm-dialog";
import { h } from "./dom";
import { FailedItems } from "./failed-items";
import { formatCount } from "./format";
import { circuits, counts, errorSummary, type Job, jobConverter, kindFacts, lastErrors, limiter, pace, resumes, tallies, targets } from "./job-panels";
import { statusBadge, when } from "./parts";
import { throughputFigure } from "./throughput-chart";

/** Relative times ("3 minutes ago") are redrawn this often between snapshots. */
const CLOCK_MS = 15_000;

type Action = "pause" | "resume" | "cancel" | "retry";

export class JobView {
  private stop: Unsubscribe | null = null;
  private clock: ReturnType<typeof setInterval> | null = null;
  private failed: FailedItems | null = null;
  private jobId = "";
  private job: Job | null | undefined = undefined;
  private watchError: string | null = null;
  private actionError = "";
  private openTargets = new Set<string>();
  private openTallies = new Set<string>();
  private readonly dialog = h("dialog", { id: "confirm-job" });
  /** One handler per action for the view's life: lit keeps the listener, the button keeps its element. */
  private readonly handlers: Record<Action, () => void> = {
    pause: () => void this.act("Pause", () => callApi(this.auth, "POST", `/${this.jobId}/pause`)),
    resume: () => void this.act("Resume", () => callApi(this.auth, "POST", `/${this.jobId}/resume`)),
    cancel: () => void this.cancel(),
    retry: () => void this.act("Retry failed", () => callApi(this.auth, "POST", `/${this.jobId}/retry-failed`)),
  };

  constructor(
    private readonly root: HTMLElement,
    private readonly db: Firestore,
    private readonly auth: Auth,
  ) {}

  open(jobId: string): void {
    this.close();
    this.jobId = jobId;
    this.job = undefined;
    this.watchError = null;
    this.actionError = "";
    this.openTargets = new Set();
    this.openTallies = new Set();
    this.root.hidden = false;
    this.failed = new FailedItems(this.db, this.auth, jobId);
    this.draw();
    this.stop = onSnapshot(
      doc(this.db, "backfillJobs", jobId).withConverter(jobConverter),
      (snap) => {
        this.job = snap.exists() ? snap.data() : null;
        this.draw();
      },
      (error) => {
        this.watchError = `Cannot watch job ${jobId}: ${error.message}`;
        this.draw();
      },
    );
    this.clock = setInterval(() => this.draw(), CLOCK_MS);
    this.root.scrollIntoView?.({ block: "start" });
  }

  close(): void {
    this.stop?.();
    this.stop = null;
    if (this.clock) clearInterval(this.clock);
    this.clock = null;
    this.failed?.close();
    this.failed = null;
    this.root.hidden = true;
  }

  private draw(): void {
    render(
      html`${this.body()}
        <p role="alert" data-testid="action-error">${this.actionError}</p>
        ${this.failed?.element ?? nothing}
        <button type="button" @click=${() => this.close()}>Close job view</button>
        ${this.dialog}`,
      this.root,
    );
  }

  private body(): TemplateResult {
    const title = html`<h2 id="job-title">Job ${this.jobId}</h2>`;
    if (this.watchError)
      return html`${title}
        <p role="alert">${this.watchError}</p>`;
    if (this.job === undefined)
      return html`${title}
        <p>Loading job ${this.jobId} ...</p>`;
    if (this.job === null)
      return html`${title}
        <p role="alert">No job ${this.jobId}</p>`;
    const job = this.job;
    const p = job.progress;
    const percent = p.total ? Math.round((100 * p.processed) / p.total) : FINISHED_STATUSES.includes(job.status) ? 100 : 0;
    const by = job.createdBy?.email ?? job.createdBy?.uid ?? "?";
    const finished = FINISHED_STATUSES.includes(job.status);
    return html`${title}
      <p class="job-line">
        ${statusBadge(job.status, "job-status")} · ${job.kind} · created ${when(job.createdAt)} by
        ${by}${job.finishedAt ? html` · finished ${when(job.finishedAt)}` : nothing}${job.retryOf ? ` · retries ${job.retryOf}` : nothing}
      </p>
      <div class="actions">${this.actions(job)}</div>
      <progress max="100" value=${percent} aria-label="Progress"></progress>
      <span>${percent}% (${formatCount(p.processed)} of ${p.total == null ? "?" : formatCount(p.total)})</span>
      ${counts(p)} ${pace(job)} ${finished ? nothing : limiter(job)}
      ${throughputFigure(job.throughput ?? [], job.rateLimits ? job.rateLimits.requestsPerMinute / 60 : null)} ${circuits(job)} ${resumes(job)}
      ${kindFacts(job)} ${tallies(job, this.openTallies)} ${targets(job, this.openTargets)} ${errorSummary(job)} ${lastErrors(job)}`;
  }

  private actions(job: Job): TemplateResult[] {
    const button = (label: string, action: Action) => html`<button type="button" data-action=${action} @click=${this.handlers[action]}>${label}</button>`;
    const shown: TemplateResult[] = [];
    if (job.status === "running") shown.push(button("Pause", "pause"));
    if (job.status === "paused" || job.status === "pausing") shown.push(button("Resume", "resume"));
    if (canTransition(job.status, "cancelled") || canTransition(job.status, "cancelling")) shown.push(button("Cancel job", "cancel"));
    if (FINISHED_STATUSES.includes(job.status) && (job.progress?.failed ?? 0) > 0) shown.push(button("Retry failed", "retry"));
    return shown;
  }

  private async cancel(): Promise<void> {
    const jobId = this.jobId;
    const yes = await ask(this.dialog, {
      title: `Cancel job ${jobId}?`,
      body: html`<p>Items in flight finish; nothing else starts. A cancelled job cannot be resumed.</p>`,
      confirm: "Cancel job",
      back: "Keep it",
    });
    if (yes && jobId === this.jobId) await this.act("Cancel job", () => callApi(this.auth, "DELETE", `/${jobId}`));
  }

  private async act(label: string, run: () => Promise<unknown>): Promise<void> {
    this.actionError = "";
    this.draw();
    try {
      const answer = (await run()) as { job?: { id: string } } | undefined;
      if (answer?.job && answer.job.id !== this.jobId) this.open(answer.job.id); // retry-failed starts a new job
    } catch (error) {
      this.actionError = `${label} failed: ${(error as Error).message}`;
      this.draw();
    }
  }
}
