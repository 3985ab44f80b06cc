// A local stand-in for the Anthropic Messages API (POST /v1/messages, the wire format
// @anthropic-ai/sdk speaks), used by `npm start` and the tests. It rates a recipe deterministically
// from its title and can be switched to misbehave:
//   POST /__control {latencyMs, fault, faultCount, retryAfterSeconds, retryAfterMs, failTitles}
//     fault: null | "429" | "529" | "500" | "400" | "malformed" | "bad-json"
//     faultCount: how many next requests get the fault (null: until cleared)
//     failTitles: titles that always get a 500
//   POST /__reset   GET /__calls -> {calls: [{at, title, status}]}   GET /__health
import { createServer } from "node:http";

const DIFFICULTIES = ["easy", "medium", "hard"];
const ERRORS = { 429: "rate_limit_error", 529: "overloaded_error", 500: "api_error", 400: "invalid_request_error" };
const initialMode = () => ({ latencyMs: 0, fault: null, faultCount: null, retryAfterSeconds: 1, retryAfterMs: null, failTitles: [] });

export function difficultyFor(title) {
  let sum = 0;
  for (const ch of title) sum += ch.codePointAt(0);
  return DIFFICULTIES[sum % 3];
}

function readBody(req) {
  return new Promise((resolve) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => resolve(data));
  });
}

function titleOf(body) {
  const first = body?.messages?.[0]?.content;
  const text = typeof first === "string" ? first : Array.isArray(first) ? first.map((b) => b.text ?? "").join("\n") : "";
  return /^Title: (.*)$/m.exec(text)?.[1] ?? text;
}

export async function startFakeClaude({ port = 0, host = "127.0.0.1" } = {}) {
  const state = { mode: initialMode(), calls: [], served: 0 };
  const json = (res, status, body, headers = {}) =>
    res.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${state.served}`, ...headers }).end(JSON.stringify(body));

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.url === "/__health") return json(res, 200, { ok: true });
    if (req.url === "/__calls") return json(res, 200, { calls: state.calls });
    if (req.url === "/__reset" && req.method === "POST") {
      state.mode = initialMode();
      state.calls = [];
      return json(res, 200, state.mode);
    }
    if (req.url === "/__control" && req.method === "POST") {
      Object.assign(state.mode, JSON.parse(raw || "{}"));
      return json(res, 200, state.mode);
    }
    if (!(req.url?.startsWith("/v1/messages") && req.method === "POST"))
      return json(res, 404, { type: "error", error: { type: "not_found_error", message: "not found" } });

    const at = Date.now();
    const body = JSON.parse(raw || "{}");
    const title = titleOf(body);
    const mode = state.mode;
    let fault = mode.failTitles.includes(title) ? "500" : null;
    if (!fault && mode.fault && (mode.faultCount === null || mode.faultCount > 0)) {
      fault = mode.fault;
      if (mode.faultCount !== null) mode.faultCount -= 1;
    }
    state.served += 1;
    const n = state.served;
    if (mode.latencyMs > 0) await new Promise((r) => setTimeout(r, mode.latencyMs));
    let status = 200;
    if (fault && ERRORS[fault]) {
      status = Number(fault);
      const headers =
        status === 429 || status === 529
          ? { "retry-after": String(mode.retryAfterSeconds), ...(mode.retryAfterMs ? { "retry-after-ms": String(mode.retryAfterMs) } : {}) }
          : {};
      state.calls.push({ at, title, status });
      return json(res, status, { type: "error", error: { type: ERRORS[fault], message: `fake ${fault}` } }, headers);
    }
    state.calls.push({ at, title, status });
    if (fault === "bad-json") return res.writeHead(200, { "content-type": "application/json" }).end("{not json");
    const difficulty = fault === "malformed" ? "impossible" : difficultyFor(title);
    const toolName = body.tool_choice?.name ?? "record_difficulty";
    json(res, 200, {
      id: `msg_fake_${n}`,
      type: "message",
      role: "assistant",
      model: body.model ?? "fake",
      content: [{ type: "tool_use", id: `toolu_fake_${n}`, name: toolName, input: { difficulty, reason: "deterministic fake rating" } }],
      stop_reason: "tool_use",
      stop_sequence: null,
      usage: { input_tokens: Math.ceil(raw.length / 4), output_tokens: 20 },
    });
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    state,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const fake = await startFakeClaude({ port: Number(process.env.FAKE_CLAUDE_PORT ?? 8787) });
  console.log(`fake-claude listening on ${fake.url}`);
  const stop = () => fake.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
