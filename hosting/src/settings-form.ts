/**
 * Rate-limit settings (what the next job gets): a form checked against the API's schema, saved with
 * PUT; the saved values and the running job's limiter, both live (onSnapshot).
 */
import type { Auth } from "firebase/auth";
import { collection, doc, type Firestore, limit, onSnapshot, query, type Unsubscribe, where } from "firebase/firestore";
import { callApi } from "./api";
import { h, timeText } from "./dom";
import { jobConverter, limiterText } from "./job-panels";
import { type LimitsInfo, limitFields, limitsText, loadLimits, readLimits } from "./limits";

export class SettingsForm {
  private stops: Unsubscribe[] = [];
  private readonly saved = h("p", { "data-testid": "settings-saved" });
  private readonly live = h("p", { "data-testid": "live-limiter" });
  private readonly status = h("p", { role: "status", "data-testid": "settings-status" });

  constructor(
    private readonly root: HTMLElement,
    private readonly db: Firestore,
    private readonly auth: Auth,
    private readonly onSaved: (rateLimits: Record<string, number>) => void,
  ) {}

  async load(): Promise<void> {
    const info = await loadLimits(this.auth);
    const fields = limitFields(info, info.rateLimits, "setting");
    const save = h("button", { type: "submit" }, "Save settings");
    const form = h("form", { "aria-label": "Rate-limit settings", novalidate: true }, ...fields.map((f) => f.element), save);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.save(() => readLimits(fields));
    });
    this.root.replaceChildren(
      h("h2", { id: "settings-title" }, "Rate limits"),
      h("p", {}, h("small", {}, "Applied to jobs started from now on; a running job keeps the limits it started with.")),
      this.saved,
      form,
      this.status,
      h("h3", {}, "Limiter now"),
      this.live,
    );
    this.watch(info);
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
  }

  private async save(read: () => Record<string, number>): Promise<void> {
    this.status.textContent = "";
    try {
      const body = read();
      await callApi(this.auth, "PUT", "/settings/rate-limits", body);
      this.status.textContent = `Saved: ${limitsText(body)}.`;
      this.onSaved(body);
    } catch (error) {
      this.status.textContent = `Not saved: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private watch(info: LimitsInfo): void {
    this.close();
    this.stops.push(
      onSnapshot(doc(this.db, "backfillSettings", "rateLimits"), (snap) => {
        const d = snap.data();
        this.saved.textContent = d
          ? `Saved settings: ${limitsText(d)} (by ${d.updatedBy?.email ?? d.updatedBy?.uid ?? "?"}, ${timeText(d.updatedAt)}).`
          : `Defaults: ${limitsText(info.rateLimits)} (never changed).`;
      }),
      onSnapshot(query(collection(this.db, "backfillJobs"), where("status", "==", "running"), limit(1)).withConverter(jobConverter), (snap) => {
        const job = snap.docs[0];
        if (!job) return void (this.live.textContent = "No job is running.");
        const j = job.data();
        this.live.textContent = `Job ${job.id} (${j.kind}): ${limiterText(j)}; its limits: ${limitsText(j.rateLimits ?? {})}.`;
      }),
    );
  }
}
