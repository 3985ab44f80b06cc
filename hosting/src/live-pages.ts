/**
 * Live cursor pagination over a Firestore query. The last page is `startAfter(previous page's last
 * document), limit(n)`; "load more" pins that page to end at its own last document (`endAt`) and
 * opens the next one after it. Every page stays live (onSnapshot), and a document never falls
 * between two pages: new documents at the top simply lengthen the first page.
 */
import { endAt, limit, onSnapshot, type Query, query, type QueryDocumentSnapshot, startAfter, type Unsubscribe } from "firebase/firestore";

interface Page {
  after: QueryDocumentSnapshot | null;
  docs: QueryDocumentSnapshot[];
  stop: Unsubscribe;
}

export class LivePages {
  private pages: Page[] = [];

  constructor(
    private readonly base: Query,
    private readonly size: number,
    private readonly onChange: (docs: QueryDocumentSnapshot[], more: boolean) => void,
    private readonly onError: (error: Error) => void,
  ) {
    this.open(null);
  }

  /** Opens the next page; false when the last page is not full (nothing more to load). */
  more(): boolean {
    const last = this.pages[this.pages.length - 1];
    if (!last || last.docs.length < this.size) return false;
    const end = last.docs[last.docs.length - 1];
    this.listen(last, query(this.base, ...(last.after ? [startAfter(last.after)] : []), endAt(end)));
    this.open(end);
    return true;
  }

  close(): void {
    for (const page of this.pages) page.stop();
    this.pages = [];
  }

  private open(after: QueryDocumentSnapshot | null): void {
    const page: Page = { after, docs: [], stop: () => undefined };
    this.pages.push(page);
    this.listen(page, query(this.base, ...(after ? [startAfter(after)] : []), limit(this.size)));
  }

  private listen(page: Page, q: Query): void {
    page.stop();
    page.stop = onSnapshot(
      q,
      (snap) => {
        page.docs = snap.docs;
        const last = this.pages[this.pages.length - 1];
        this.onChange(
          this.pages.flatMap((p) => p.docs),
          last.docs.length >= this.size,
        );
      },
      this.onError,
    );
  }
}
