/**
 * A job's failed items, live (onSnapshot on its item checkpoints, the first 50 in checkpoint order), with their
 * errors, and a CSV download of all of them (the API's CSV pages, followed by their cursors).
 */
import type { Auth } from "firebase/auth";
import { collection, documentId, type Firestore, limit, onSnapshot, orderBy, query, type Unsubscribe, where } from "firebase/firestore";
import { CHECKPOINTS, itemKeyOf } from "../../functions/src/engine/checkpoint-id";
import { fetchApi } from "./api";
import { h, timeText } from "./dom";

export const FAILED_SHOWN = 50;
const CSV_PAGE = 500;

export class FailedItems {
  readonly element = h("section", { class: "failed", "aria-labelledby": "failed-title" });
  private readonly stop: Unsubscribe;
  private readonly table = h("div", { class: "scroll" });
  private readonly note = h("p", { role: "status", "data-testid": "csv-status" });

  constructor(
    db: Firestore,
    private readonly auth: Auth,
    private readonly jobId: string,
  ) {
    const download = h("button", { type: "button" }, "Download failed items (CSV)");
    download.addEventListener("click", () => void this.download());
    this.element.append(h("h3", { id: "failed-title" }, "Failed items"), this.table, download, this.note);
    const q = query(collection(db, "backfillJobs", jobId, CHECKPOINTS), where("outcome", "==", "failed"), orderBy(documentId()), limit(FAILED_SHOWN));
    this.stop = onSnapshot(
      q,
      (snap) => {
        if (snap.empty) return void this.table.replaceChildren(h("p", {}, "No failed items."));
        const head = h("tr", {}, ...["Item", "Target", "Attempts", "Error", "Finished"].map((t) => h("th", { scope: "col" }, t)));
        const rows = snap.docs.map((d) => {
          const cp = d.data();
          return h(
            "tr",
            {},
            h("td", {}, itemKeyOf(d.id)),
            h("td", {}, cp.target ?? "–"),
            h("td", {}, String(cp.attempts)),
            h("td", { class: "error" }, cp.error?.message ?? "–"),
            h("td", {}, timeText(cp.finishedAt)),
          );
        });
        const more = snap.size === FAILED_SHOWN ? h("p", {}, h("small", {}, `The first ${FAILED_SHOWN} in checkpoint order; the CSV has them all.`)) : null;
        this.table.replaceChildren(h("table", { "aria-label": "Failed items" }, h("thead", {}, head), h("tbody", {}, ...rows)), more ?? "");
      },
      (error) => this.table.replaceChildren(h("p", { role: "alert" }, `Cannot list failed items: ${error.message}`)),
    );
  }

  close(): void {
    this.stop();
  }

  /** Every failed item as one CSV file: the API's pages joined (one header). */
  private async download(): Promise<void> {
    this.note.textContent = "Preparing the CSV ...";
    try {
      const parts: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await fetchApi(
          this.auth,
          "GET",
          `/${this.jobId}/items?outcome=failed&format=csv&limit=${CSV_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        const text = await res.text();
        parts.push(parts.length === 0 ? text : text.slice(text.indexOf("\n") + 1));
        cursor = res.headers.get("x-next-cursor");
      } while (cursor);
      const link = h("a", { href: URL.createObjectURL(new Blob([parts.join("")], { type: "text/csv" })), download: `${this.jobId}-failed-items.csv` });
      link.click();
      URL.revokeObjectURL(link.href);
      this.note.textContent = "CSV downloaded.";
    } catch (error) {
      this.note.textContent = `CSV download failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
