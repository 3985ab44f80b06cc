/** One job, live (onSnapshot on its document): status, progress, limiter, targets, errors, actions. */
import type { Auth } from "firebase/auth";
import { doc, type Firestore, onSnapshot, type Unsubscribe } from "firebase/firestore";
import { callApi } from "./api";
import { FINISHED_STATUSES } from "../../functions/src/engine/status";
import { h, timeText } from "./dom";

type Job = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a Firestore document, shown field by field

export class JobView {
  private stop: Unsubscribe | null = null;

  constructor(private readonly root: HTMLElement, private readonly db: Firestore, private readonly auth: Auth) {}

  open(jobId: string): void {
    this.stop?.();
    this.root.hidden = false;
    this.root.replaceChildren(h("p", {}, `Loading job ${jobId} ...`));
    this.stop = onSnapshot(
      doc(this.db, "backfillJobs", jobId),
      (snap) => this.render(jobId, snap.exists() ? snap.data() : null),
      (error) => this.root.replaceChildren(h("p", { role: "alert" }, `Cannot watch job ${jobId}: ${error.message}`)),
    );
  }

  close(): void {
    this.stop?.();
    this.stop = null;
    this.root.hidden = true;
  }

  private render(jobId: string, job: Job | null): void {
    if (!job) return void this.root.replaceChildren(h("p", { role: "alert" }, `No job ${jobId}`));
    const p = job.progress ?? {};
    const percent = p.total ? Math.round((100 * p.processed) / p.total) : FINISHED_STATUSES.includes(job.status) ? 100 : 0;
    this.root.replaceChildren(
      h("h2", { id: "job-title" }, `Job ${jobId}`),
      h("p", {}, h("strong", { "data-testid": "job-status" }, job.status), ` · ${job.kind} · created ${timeText(job.createdAt)} by ${job.createdBy?.email ?? job.createdBy?.uid ?? "?"}`),
      h("progress", { max: "100", value: String(percent), "aria-label": "Progress" }),
      h("span", {}, ` ${percent}%`),
      counts(p),
      h("p", {}, `Rate ${p.itemsPerSecond ?? 0} items/s · ETA ${p.etaSeconds == null ? "–" : `${p.etaSeconds} s`} · current item ${p.currentItem ?? "–"}`),
      h("p", { "data-testid": "limiter" }, `Limiter: ${job.limiter?.state ?? "idle"}, ${job.limiter?.inFlight ?? 0} in flight, ${job.limiter?.releasedLastMinute ?? 0} released in the last minute`),
      resumes(job) ?? "",
      this.actions(jobId, job),
      h("p", { role: "alert", "data-testid": "action-error" }),
    );
  }

  private actions(jobId: string, job: Job): HTMLElement {
    const bar = h("div", { class: "actions" });
    const add = (label: string, run: () => Promise<unknown>, confirmText?: string) => {
      const button = h("button", { type: "button" }, label);
      button.addEventListener("click", async () => {
        if (confirmText && !window.confirm(confirmText)) return;
        try {
          await run();
        } catch (error) {
          this.root.querySelector("[data-testid=action-error]")!.textContent = `${label} failed: ${(error as Error).message}`;
        }
      });
      bar.append(button);
    };
    if (job.status === "running") add("Pause", () => callApi(this.auth, "POST", `/${jobId}/pause`));
    if (job.status === "paused") add("Resume", () => callApi(this.auth, "POST", `/${jobId}/resume`));
    if (!FINISHED_STATUSES.includes(job.status)) add("Cancel job", () => callApi(this.auth, "DELETE", `/${jobId}`), `Cancel job ${jobId}? Items in flight finish; nothing else starts.`);
    if ((job.status === "partial" || job.status === "failed") && (job.progress?.failed ?? 0) > 0) add("Retry failed", () => callApi(this.auth, "POST", `/${jobId}/retry-failed`));
    return bar;
  }
}

function counts(p: Job): HTMLElement {
  const cell = (label: string, value: unknown) => h("div", {}, h("dt", {}, label), h("dd", { "data-testid": `count-${label}` }, String(value ?? 0)));
  return h("dl", { class: "counts" }, cell("processed", p.processed), cell("succeeded", p.succeeded), cell("failed", p.failed), cell("skipped", p.skipped), cell("unavailable", p.unavailable), cell("total", p.total ?? "?"));
}

function resumes(job: Job): HTMLElement | null {
  const list: Array<{ at: unknown; reason: string }> = job.resumes ?? [];
  if (list.length === 0) return null;
  return h("ul", { "aria-label": "Resumes" }, ...list.map((r) => h("li", {}, `resumed ${timeText(r.at)}: ${r.reason}`)));
}
