/** One job, live (onSnapshot on its document and its failed items): everything the job shows, and its actions. */
import type { Auth } from "firebase/auth";
import { doc, type Firestore, onSnapshot, type Unsubscribe } from "firebase/firestore";
import { canTransition, FINISHED_STATUSES } from "../../functions/src/engine/status";
import { callApi } from "./api";
import { h, timeText } from "./dom";
import { FailedItems } from "./failed-items";
import { circuits, counts, errorSummary, type Job, jobConverter, kindFacts, lastErrors, limiter, rateLine, resumes, tallies, targets } from "./job-panels";
import { throughputFigure } from "./throughput-chart";

export class JobView {
  private stop: Unsubscribe | null = null;
  private failed: FailedItems | null = null;
  private readonly live = h("div");
  private readonly error = h("p", { role: "alert", "data-testid": "action-error" });
  private openTargets = new Set<string>();
  private openTallies = new Set<string>();

  constructor(
    private readonly root: HTMLElement,
    private readonly db: Firestore,
    private readonly auth: Auth,
  ) {}

  open(jobId: string): void {
    this.close();
    this.root.hidden = false;
    this.openTargets = new Set();
    this.openTallies = new Set();
    this.error.textContent = "";
    this.live.replaceChildren(h("p", {}, `Loading job ${jobId} ...`));
    this.failed = new FailedItems(this.db, this.auth, jobId);
    const back = h("button", { type: "button" }, "Close job view");
    back.addEventListener("click", () => this.close());
    this.root.replaceChildren(this.live, this.error, this.failed.element, back);
    this.stop = onSnapshot(
      doc(this.db, "backfillJobs", jobId).withConverter(jobConverter),
      (snap) => this.render(jobId, snap.exists() ? snap.data() : null),
      (error) => this.live.replaceChildren(h("p", { role: "alert" }, `Cannot watch job ${jobId}: ${error.message}`)),
    );
    this.root.scrollIntoView?.({ block: "start" });
  }

  close(): void {
    this.stop?.();
    this.stop = null;
    this.failed?.close();
    this.failed = null;
    this.root.hidden = true;
  }

  private render(jobId: string, job: Job | null): void {
    if (!job) return void this.live.replaceChildren(h("h2", { id: "job-title" }, `Job ${jobId}`), h("p", { role: "alert" }, `No job ${jobId}`));
    const p = job.progress ?? {};
    const percent = p.total ? Math.round((100 * p.processed) / p.total) : FINISHED_STATUSES.includes(job.status) ? 100 : 0;
    const by = job.createdBy?.email ?? job.createdBy?.uid ?? "?";
    this.live.replaceChildren(
      h("h2", { id: "job-title" }, `Job ${jobId}`),
      h(
        "p",
        {},
        h("strong", { "data-testid": "job-status" }, job.status),
        ` · ${job.kind} · created ${timeText(job.createdAt)} by ${by}${job.finishedAt ? ` · finished ${timeText(job.finishedAt)}` : ""}${job.retryOf ? ` · retries ${job.retryOf}` : ""}`,
      ),
      h("progress", { max: "100", value: String(percent), "aria-label": "Progress" }),
      h("span", {}, ` ${percent}%`),
      counts(p),
      rateLine(p),
      throughputFigure(job.throughput ?? []),
      limiter(job),
      circuits(job),
      this.actions(jobId, job),
      resumes(job) ?? "",
      kindFacts(job) ?? "",
      tallies(job, this.openTallies) ?? "",
      targets(job, this.openTargets) ?? "",
      errorSummary(job) ?? "",
      lastErrors(job) ?? "",
    );
  }

  private actions(jobId: string, job: Job): HTMLElement {
    const bar = h("div", { class: "actions" });
    const add = (label: string, run: () => Promise<unknown>, confirmText?: string) => {
      const button = h("button", { type: "button" }, label);
      button.addEventListener("click", async () => {
        if (confirmText && !window.confirm(confirmText)) return;
        this.error.textContent = "";
        try {
          const answer = (await run()) as { job?: { id: string } } | undefined;
          if (answer?.job && answer.job.id !== jobId) this.open(answer.job.id); // retry-failed starts a new job
        } catch (error) {
          this.error.textContent = `${label} failed: ${(error as Error).message}`;
        }
      });
      bar.append(button);
    };
    if (job.status === "running") add("Pause", () => callApi(this.auth, "POST", `/${jobId}/pause`));
    if (job.status === "paused" || job.status === "pausing") add("Resume", () => callApi(this.auth, "POST", `/${jobId}/resume`));
    if (canTransition(job.status, "cancelled") || canTransition(job.status, "cancelling"))
      add("Cancel job", () => callApi(this.auth, "DELETE", `/${jobId}`), `Cancel job ${jobId}? Items in flight finish; nothing else starts.`);
    if (FINISHED_STATUSES.includes(job.status) && (job.progress?.failed ?? 0) > 0)
      add("Retry failed", () => callApi(this.auth, "POST", `/${jobId}/retry-failed`));
    return bar;
  }
}
