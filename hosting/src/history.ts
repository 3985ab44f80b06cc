/** Job history, newest first, live (onSnapshot); each row opens the job view. */
import { collection, type Firestore, limit, onSnapshot, orderBy, query, type Unsubscribe } from "firebase/firestore";
import { h, timeText } from "./dom";

export class History {
  private stop: Unsubscribe | null = null;

  constructor(private readonly root: HTMLElement, private readonly db: Firestore, private readonly open: (jobId: string) => void) {}

  start(): void {
    this.stop?.();
    const q = query(collection(this.db, "backfillJobs"), orderBy("createdAt", "desc"), limit(20));
    this.stop = onSnapshot(
      q,
      (snap) => {
        const rows = snap.docs.map((d) => {
          const job = d.data();
          const button = h("button", { type: "button", "aria-label": `Open job ${d.id}` }, d.id);
          button.addEventListener("click", () => this.open(d.id));
          return h("tr", {}, h("td", {}, button), h("td", {}, job.kind), h("td", {}, job.status), h("td", {}, `${job.progress?.processed ?? 0}/${job.progress?.total ?? "?"}`), h("td", {}, timeText(job.createdAt)));
        });
        const head = h("tr", {}, ...["Job", "Kind", "Status", "Progress", "Created"].map((t) => h("th", { scope: "col" }, t)));
        this.root.replaceChildren(rows.length ? h("table", { "aria-label": "Job history" }, h("thead", {}, head), h("tbody", {}, ...rows)) : h("p", {}, "No jobs yet."));
      },
      (error) => this.root.replaceChildren(h("p", { role: "alert" }, `Cannot list jobs: ${error.message}`)),
    );
  }

  close(): void {
    this.stop?.();
    this.stop = null;
  }
}
