/**
 * Job history, newest first, live (onSnapshot): filters by status, kind and creation date range,
 * cursor pagination ("Load more"); each row opens the job view.
 */
import { collection, type Firestore, orderBy, query, type QueryConstraint, type QueryDocumentSnapshot, Timestamp, where } from "firebase/firestore";
import { JOB_STATUSES } from "../../functions/src/engine/status";
import { h, timeText } from "./dom";
import { LivePages } from "./live-pages";

export const HISTORY_PAGE_SIZE = 20;

/** A local calendar day (yyyy-mm-dd) as the Timestamp of its first instant. */
const dayStart = (day: string, plusDays = 0) => {
  const [y, m, d] = day.split("-").map(Number);
  return Timestamp.fromDate(new Date(y, m - 1, d + plusDays));
};

export class History {
  private pages: LivePages | null = null;
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
      this.list.replaceChildren();
      return;
    }
    const constraints: QueryConstraint[] = [];
    if (this.status.value) constraints.push(where("status", "==", this.status.value));
    if (this.kind.value) constraints.push(where("kind", "==", this.kind.value));
    if (this.from.value) constraints.push(where("createdAt", ">=", dayStart(this.from.value)));
    if (this.to.value) constraints.push(where("createdAt", "<", dayStart(this.to.value, 1)));
    const base = query(collection(this.db, "backfillJobs"), ...constraints, orderBy("createdAt", "desc"));
    this.pages = new LivePages(
      base,
      HISTORY_PAGE_SIZE,
      (docs, more) => this.render(docs, more),
      (error) => (this.problem.textContent = `Cannot list jobs: ${error.message}`),
    );
  }

  close(): void {
    this.pages?.close();
    this.pages = null;
  }

  private render(docs: QueryDocumentSnapshot[], more: boolean): void {
    this.loadMore.hidden = !more;
    const filtered = Boolean(this.status.value || this.kind.value || this.from.value || this.to.value);
    if (docs.length === 0) return void this.list.replaceChildren(h("p", {}, filtered ? "No jobs match these filters." : "No jobs yet."));
    const rows = docs.map((d) => {
      const job = d.data();
      const button = h("button", { type: "button", "aria-label": `Open job ${d.id}` }, d.id);
      button.addEventListener("click", () => this.open(d.id));
      const progress = `${job.progress?.processed ?? 0}/${job.progress?.total ?? "?"}`;
      return h(
        "tr",
        {},
        h("td", {}, button),
        h("td", {}, job.kind),
        h("td", {}, job.status),
        h("td", {}, progress),
        h("td", {}, timeText(job.createdAt)),
        h("td", {}, timeText(job.finishedAt)),
      );
    });
    const head = h("tr", {}, ...["Job", "Kind", "Status", "Progress", "Created", "Finished"].map((t) => h("th", { scope: "col" }, t)));
    this.list.replaceChildren(h("div", { class: "scroll" }, h("table", { "aria-label": "Job history" }, h("thead", {}, head), h("tbody", {}, ...rows))));
  }
}
