/** Lets the dispatcher sleep until a listener reports something or a timer runs out. */
export class Waker {
  private pending: (() => void) | null = null;
  private woken = false;

  wake(): void {
    this.woken = true;
    this.pending?.();
  }

  wait(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending = null;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pending = done;
    });
  }
}
