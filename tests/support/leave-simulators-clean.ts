/**
 * Jest setup for every test file: when the file ends, the fake Claude and the dashboard simulator
 * are reset, so no latency, 429 or fault mode a file set leaks into the next one (jest orders files
 * by past timings, so "the next one" changes from run to run). Unit runs without the stack skip it.
 * A file that never talked to them leaves a pooled connection idle for seconds; the server may
 * close it just as the reset reuses it ("other side closed"), so a failed reset is sent again.
 */
async function reset(url: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const res = await fetch(`${url}/__reset`, { method: "POST" });
      if (res.ok) return;
      throw new Error(`${url}/__reset answered ${res.status}`);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

afterAll(async () => {
  for (const url of [process.env.FAKE_CLAUDE_URL, process.env.DASHBOARD_SIM_URL]) {
    if (url) await reset(url);
  }
});
