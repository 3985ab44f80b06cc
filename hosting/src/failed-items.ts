/**
 * A job's failed items, live (onSnapshot on its item checkpoints, the first 50 in checkpoint order), with their
 * errors, and a CSV download of all of them (the API's CSV pages, followed by their cursors).
 */
import type { Auth } from "firebase/auth";
import { collection, documentId, type Firestore, limit, onSnapshot, orderBy, query, type Unsubscribe, where } from "firebase/firestore";
import { CHECKPOINTS, itemKeyOf } from "../../functions/src/engine/checkpoint-id";
import { html, render } from "lit-html";
import { fetchApi } from "./api";
import { h } from "./dom";
import { formatCount } from "./format";
import { when } from "./parts";

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
        if (snap.empty) return render(html`<p>No failed items.</p>`, this.table);
        const rows = snap.docs.map((d) => {
          const cp = d.data();
          return html`<tr>
            <td>${itemKeyOf(d.id)}</td>
            <td>${cp.target ?? "–"}</td>
            <td>${formatCount(cp.attempts)}</td>
            <td class="error">${cp.error?.message ?? "–"}</td>
            <td>${when(cp.finishedAt)}</td>
          </tr>`;
        });
        const more = snap.size === FAILED_SHOWN ? html`<p><small>The first ${FAILED_SHOWN} in checkpoint order; the CSV has them all.</small></p>` : "";
        render(
          html`<table aria-label="Failed items">
              <thead>
                <tr>
                  ${["Item", "Target", "Attempts", "Error", "Finished"].map((t) => html`<th scope="col">${t}</th>`)}
                </tr>
              </thead>
              <tbody>
                ${rows}
              </tbody>
            </table>
            ${more}`,
          this.table,
        );
      },
      (error) => render(html`<p role="alert">Cannot list failed items: ${error.message}</p>`, this.table),
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
