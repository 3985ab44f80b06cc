/**
 * Start a job: pick a kind, fill its generated form and rate limits, preview (dry run), and confirm
 * in a dialog that shows the preview of exactly the values being started.
 */
import type { Auth } from "firebase/auth";
import { ApiCallError, callApi } from "./api";
import { h } from "./dom";
import { checkDates, type Field, fieldFor, type PropSchema } from "./form-fields";
import { type LimitsInfo, limitFields, limitsText, loadLimits, readLimits } from "./limits";
import { confirmStart, type DryRunAnswer, previewText } from "./preview";

interface KindInfo {
  name: string;
  title: string;
  params: { properties?: Record<string, PropSchema>; required?: string[] };
  defaultRateLimits: Record<string, number>;
  options: Record<string, string[]>;
}

export class StartForm {
  private kinds: KindInfo[] = [];
  private fields: Field[] = [];
  private limits: Field[] = [];
  private settings: LimitsInfo | null = null;
  private renderLimits: () => void = () => undefined;
  private readonly status = h("div", { role: "status", "data-testid": "start-status" });
  private readonly dialog = h("dialog", { id: "confirm-start" });

  constructor(
    private readonly root: HTMLElement,
    private readonly auth: Auth,
    private readonly openJob: (jobId: string) => void,
  ) {}

  /** Builds the form; answers the kinds' names. */
  async load(): Promise<string[]> {
    const [{ kinds }, settings] = await Promise.all([callApi<{ kinds: KindInfo[] }>(this.auth, "GET", "/kinds"), loadLimits(this.auth)]);
    this.kinds = kinds;
    this.settings = settings;
    const select = h("select", { id: "kind" }, ...kinds.map((k) => h("option", { value: k.name }, `${k.title} (${k.name})`)));
    const paramsBox = h("fieldset", {}, h("legend", {}, "Parameters"));
    const limitsBox = h("fieldset", {}, h("legend", {}, "Rate limits"));
    const selected = () => this.kinds.find((k) => k.name === select.value) ?? this.kinds[0];
    this.renderLimits = () => {
      // Prefilled: the saved settings, then the kind's own defaults (the API merges them the same way).
      if (this.settings) this.limits = limitFields(this.settings, selected().defaultRateLimits, "limit");
      limitsBox.replaceChildren(h("legend", {}, "Rate limits"), ...this.limits.map((f) => f.element));
    };
    const render = () => {
      const kind = selected();
      const props = kind.params.properties ?? {};
      this.fields = Object.entries(props).flatMap(
        ([name, schema]) => fieldFor(name, schema, { required: kind.params.required?.includes(name) ?? false, options: kind.options[name] }) ?? [],
      );
      paramsBox.replaceChildren(
        h("legend", {}, "Parameters"),
        ...(this.fields.length ? this.fields.map((f) => f.element) : [h("p", {}, "This kind takes no parameters.")]),
      );
      this.renderLimits();
      this.status.replaceChildren();
    };
    select.addEventListener("change", render);
    const preview = h("button", { type: "button" }, "Preview");
    const start = h("button", { type: "button" }, "Start job");
    preview.addEventListener("click", () => void this.submit(select.value, true));
    start.addEventListener("click", () => void this.submit(select.value, false));
    this.root.replaceChildren(
      h("h2", { id: "start-title" }, "Start a job"),
      h("label", { for: "kind" }, "Kind"),
      " ",
      select,
      paramsBox,
      limitsBox,
      h("div", { class: "actions" }, preview, start),
      this.status,
      this.dialog,
    );
    render();
    return kinds.map((k) => k.name);
  }

  /** New saved settings: the limit fields start from them. */
  settingsSaved(rateLimits: Record<string, number>): void {
    if (!this.settings) return;
    this.settings = { ...this.settings, rateLimits };
    this.renderLimits();
  }

  private body(kind: string): { kind: string; params: Record<string, unknown>; rateLimits: Record<string, number> } {
    const params: Record<string, unknown> = {};
    for (const f of this.fields) {
      const value = f.read();
      if (value !== undefined) params[f.name] = value;
    }
    const problem = checkDates(params);
    if (problem) throw new Error(problem);
    const rateLimits = readLimits(this.limits);
    return { kind, params, rateLimits };
  }

  private async submit(kind: string, dryRun: boolean): Promise<void> {
    this.status.replaceChildren(); // the previous answer goes at once
    try {
      const body = this.body(kind);
      const preview = await callApi<DryRunAnswer>(this.auth, "POST", "/", { ...body, dryRun: true });
      if (dryRun) {
        this.status.replaceChildren(h("p", {}, `Preview: ${previewText(preview)}.`));
        return;
      }
      if (!(await confirmStart(this.dialog, this.summary(kind, body), preview))) return;
      const r = await callApi<{ job: { id: string; status: string } }>(this.auth, "POST", "/", { ...body, dryRun: false });
      this.status.replaceChildren(h("p", {}, `Job ${r.job.id} ${r.job.status}.`));
      this.openJob(r.job.id);
    } catch (error) {
      this.showError(error);
    }
  }

  /** The request in words for the confirmation: the kind's title, each parameter given, the limits. */
  private summary(kind: string, body: { params: Record<string, unknown>; rateLimits: Record<string, number> }) {
    const shown = (v: unknown) => (Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v));
    return {
      kindTitle: this.kinds.find((k) => k.name === kind)?.title ?? kind,
      params: this.fields.filter((f) => body.params[f.name] !== undefined).map((f): [string, string] => [f.label, shown(body.params[f.name])]),
      limits: limitsText(body.rateLimits),
    };
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
