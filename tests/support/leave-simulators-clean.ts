/**
 * Jest setup for every test file: when the file ends, the fake Claude and the dashboard simulator
 * are reset, so no latency, 429 or fault mode a file set leaks into the next one (jest orders files
 * by past timings, so "the next one" changes from run to run). Unit runs without the stack skip it.
 */
afterAll(async () => {
  for (const url of [process.env.FAKE_CLAUDE_URL, process.env.DASHBOARD_SIM_URL]) {
    if (url) await fetch(`${url}/__reset`, { method: "POST" });
  }
});
