/** Start a job: pick a kind, fill its generated form and rate limits, preview (dry run), confirm. */
import type { Auth } from "firebase/auth";
import { ApiCallError, callApi } from "./api";
import { h } from "./dom";
import { checkDates, type Field, fieldFor, type PropSchema } from "./form-fields";

interface KindInfo {
  name: string;
  title: string;
  params: { properties?: Record<string, PropSchema>; required?: string[] };
  defaultRateLimits: Record<string, number>;
  options: Record<string, string[]>;
}

const LIMITS = ["requestsPerMinute", "maxConcurrency", "minDelayMs"] as const;

export class StartForm {
  private kinds: KindInfo[] = [];
  private fields: Field[] = [];
  private readonly status = h("div", { role: "status", "data-testid": "start-status" });

  constructor(private readonly root: HTMLElement, private readonly auth: Auth, private readonly openJob: (jobId: string) => void) {}

  async load(): Promise<void> {
    const [{ kinds }, settings] = await Promise.all([
      callApi<{ kinds: KindInfo[] }>(this.auth, "GET", "/kinds"),
      callApi<{ rateLimits: Record<string, number> }>(this.auth, "GET", "/settings/rate-limits"),
    ]);
    this.kinds = kinds;
    const select = h("select", { id: "kind" }, ...kinds.map((k) => h("option", { value: k.name }, `${k.title} (${k.name})`)));
    const paramsBox = h("fieldset", {}, h("legend", {}, "Parameters"));
    const limitsBox = h("fieldset", {}, h("legend", {}, "Rate limits"));
    const render = () => {
      const kind = this.kinds.find((k) => k.name === select.value) ?? this.kinds[0];
      const props = kind.params.properties ?? {};
      this.fields = Object.entries(props).flatMap(([name, schema]) => fieldFor(name, schema, kind.params.required?.includes(name) ?? false, kind.options[name]) ?? []);
      paramsBox.replaceChildren(h("legend", {}, "Parameters"), ...(this.fields.length ? this.fields.map((f) => f.element) : [h("p", {}, "This kind takes no parameters.")]));
      limitsBox.replaceChildren(
        h("legend", {}, "Rate limits"),
        ...LIMITS.map((name) => h("label", {}, `${name} `, h("input", { type: "number", min: name === "minDelayMs" ? "0" : "1", name, value: String(kind.defaultRateLimits[name] ?? settings.rateLimits[name]) }))),
      );
      this.status.replaceChildren();
    };
    select.addEventListener("change", render);
    const preview = h("button", { type: "button" }, "Preview");
    const start = h("button", { type: "button" }, "Start job");
    preview.addEventListener("click", () => void this.submit(select.value, limitsBox, true));
    start.addEventListener("click", () => void this.submit(select.value, limitsBox, false));
    this.root.replaceChildren(h("h2", { id: "start-title" }, "Start a job"), h("label", { for: "kind" }, "Kind ", select), paramsBox, limitsBox, h("div", { class: "actions" }, preview, start), this.status);
    render();
  }

  private body(kind: string, limitsBox: HTMLElement, dryRun: boolean): Record<string, unknown> {
    const params: Record<string, unknown> = {};
    for (const f of this.fields) {
      const value = f.read();
      if (value !== undefined) params[f.name] = value;
    }
    const problem = checkDates(params);
    if (problem) throw new Error(problem);
    const rateLimits = Object.fromEntries([...limitsBox.querySelectorAll("input")].map((i) => [i.name, Number(i.value)]));
    return { kind, params, rateLimits, ...(dryRun ? { dryRun: true } : {}) };
  }

  private async submit(kind: string, limitsBox: HTMLElement, dryRun: boolean): Promise<void> {
    this.status.replaceChildren(); // the previous answer goes at once
    try {
      const body = this.body(kind, limitsBox, dryRun);
      if (dryRun) {
        const r = await callApi<Record<string, unknown>>(this.auth, "POST", "/", body);
        const tokens = r.estimatedTokens ? `, about ${String(r.estimatedTokens)} tokens` : "";
        this.status.replaceChildren(h("p", {}, `Preview: ${String(r.items)} items, about ${String(r.estimatedDurationSeconds)} s${tokens}.`));
        return;
      }
      if (!window.confirm(`Start a ${kind} job with these parameters?`)) return;
      const r = await callApi<{ job: { id: string; status: string } }>(this.auth, "POST", "/", body);
      this.status.replaceChildren(h("p", {}, `Job ${r.job.id} ${r.job.status}.`));
      this.openJob(r.job.id);
    } catch (error) {
      this.showError(error);
    }
  }

  private showError(error: unknown): void {
    if (error instanceof ApiCallError && error.status === 409) {
      const running = (error.details as { runningJob?: { id: string } } | null)?.runningJob;
      const link = h("button", { type: "button" }, `Open job ${running?.id ?? ""}`);
      link.addEventListener("click", () => running && this.openJob(running.id));
      this.status.replaceChildren(h("p", { role: "alert" }, `${error.message} `, running ? link : null));
      return;
    }
    this.status.replaceChildren(h("p", { role: "alert" }, error instanceof Error ? error.message : String(error)));
  }
}
