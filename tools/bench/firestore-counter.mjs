// Firestore operation counter for `npm run bench` and the fault suite's job-document write count
// (tests/support/write-log-proxy.mjs); never used by the engine.
// An HTTP/2 gRPC pass-through proxy between a Firebase Admin SDK process (FIRESTORE_EMULATOR_HOST
// points here) and the Firestore emulator. It forwards every call unchanged (unary, server- and
// bidi-streaming: headers, body, trailers, cancellation) and taps copies of the gRPC frames to count:
//  - writes: each Write in Commit and BatchWrite requests, by its document's category (a failed
//    or retried Commit is counted each time it is sent; a transaction's writes arrive in its Commit);
//  - reads:  documents returned by BatchGetDocuments (found and missing), RunQuery, Listen
//    (document_change: a listener's initial snapshot counts every document, then each new or
//    updated one), GetDocument and ListDocuments; one `aggregation` read per
//    RunAggregationQuery response carrying a result;
//  - unbilled: unchanged documents the emulator re-sends to a listener (see Listen below);
//  - rpcs:   calls per method name (Commit, RunQuery, Listen, ...), retries included.
// A category is the document path with ids replaced: backfillJobs/J1/backfillCheckpoints/k1 -> backfillJobs/*/backfillCheckpoints/*.
import http2 from "node:http2";

const { NGHTTP2_NO_ERROR, NGHTTP2_CANCEL, NGHTTP2_FLAG_END_STREAM } = http2.constants;

/** `projects/p/databases/(default)/documents/a/A1/b/B1` (or `a/A1/b/B1`) -> `a/*\/b/*`. */
export function categoryOf(documentName) {
  const at = documentName.indexOf("/documents/");
  const path = at >= 0 ? documentName.slice(at + "/documents/".length) : documentName;
  return path
    .split("/")
    .map((part, i) => (i % 2 ? "*" : part))
    .join("/");
}

// ---- Protobuf wire format: just enough to walk fields and pull out strings and sub-messages. ----
function varint(buf, state) {
  let value = 0;
  for (let shift = 1; ; shift *= 128) {
    if (state.pos >= buf.length) throw new Error("truncated varint");
    const byte = buf[state.pos++];
    value += (byte & 0x7f) * shift; // multiplication, not <<, so values past 2^31 stay right
    if (byte < 0x80) return value;
  }
}

/** Yields [fieldNumber, bytes] for each length-delimited field; skips varints and fixed32/64. */
function* fields(buf) {
  const state = { pos: 0 };
  while (state.pos < buf.length) {
    const tag = varint(buf, state);
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) varint(buf, state);
    else if (wire === 1) state.pos += 8;
    else if (wire === 5) state.pos += 4;
    else if (wire === 2) {
      const length = varint(buf, state);
      if (state.pos + length > buf.length) throw new Error("truncated field");
      yield [field, buf.subarray(state.pos, state.pos + length)];
      state.pos += length;
    } else throw new Error(`unsupported wire type ${wire}`); // groups (3/4) are not used by Firestore
  }
}

const field = (buf, number) => {
  for (const [f, bytes] of fields(buf)) if (f === number) return bytes;
  return undefined;
};
const documentName = (doc) => field(doc, 1)?.toString("utf8"); // Document.name = 1

// ---- What each method's messages contribute (request: client -> emulator, response: back). ----
/** Write: update (1, Document), delete (2, name) or transform (6, DocumentTransform.document = 1). */
function writeName(write) {
  for (const [f, bytes] of fields(write)) {
    if (f === 1) return documentName(bytes);
    if (f === 2) return bytes.toString("utf8");
    if (f === 6) return field(bytes, 1)?.toString("utf8");
  }
  return undefined;
}

const countWrites = (msg, add) => {
  for (const [f, write] of fields(msg)) if (f === 2) add("writes", writeName(write)); // writes = 2
};
const PARSERS = {
  Commit: { request: countWrites },
  BatchWrite: { request: countWrites },
  BatchGetDocuments: {
    response(msg, add) {
      for (const [f, bytes] of fields(msg)) {
        if (f === 1)
          add("reads", documentName(bytes)); // found
        else if (f === 2) add("reads", bytes.toString("utf8")); // missing: billed as a read too
      }
    },
  },
  RunQuery: { response: (msg, add) => void (field(msg, 1) && add("reads", documentName(field(msg, 1)))) },
  RunAggregationQuery: { response: (msg, add) => void (field(msg, 1) && add("reads", null, "aggregation")) },
  // The emulator answers every change to a listened query with a RESET and the whole result again;
  // Firestore sends (and bills) only what changed. So per Listen call, a document_change counts as a
  // read only when the document is new to the call or its update_time (Document field 4) moved; the
  // re-sent rest goes to `unbilled`.
  Listen: {
    response(msg, add, seen) {
      for (const [f, bytes] of fields(msg)) {
        if (f === 3) {
          const doc = field(bytes, 1); // document_change { document = 1 }
          if (!doc) continue;
          const name = documentName(doc);
          const version = field(doc, 4)?.toString("hex") ?? "";
          if (seen.get(name) === version) add("unbilled", name);
          else add("reads", name);
          seen.set(name, version);
        } else if (f === 4 || f === 6) seen.delete(field(bytes, 1)?.toString("utf8")); // document_delete/remove
      }
    },
  },
  GetDocument: { response: (msg, add) => add("reads", documentName(msg)) },
  ListDocuments: {
    response(msg, add) {
      for (const [f, doc] of fields(msg)) if (f === 1) add("reads", documentName(doc));
    },
  },
};

/**
 * gRPC framing: 1 byte compressed flag, 4-byte big-endian length, message. Returns a tap that takes
 * chunks as they pass (frames may span chunks or share one) and calls onMessage per whole frame.
 * Compressed frames are skipped (they are forwarded all the same).
 */
function frameSplitter(onMessage) {
  let chunks = [];
  let have = 0;
  return (chunk) => {
    chunks.push(chunk);
    have += chunk.length;
    while (have >= 5) {
      if (chunks.length > 1 && chunks[0].length < 5) chunks = [Buffer.concat(chunks)];
      const length = chunks[0].readUInt32BE(1);
      if (have < 5 + length) return;
      const all = chunks.length > 1 ? Buffer.concat(chunks) : chunks[0];
      if (all[0] === 0) onMessage(all.subarray(5, 5 + length));
      const rest = all.subarray(5 + length);
      chunks = rest.length ? [rest] : [];
      have = rest.length;
    }
  };
}

const unavailable = (message) => ({ "grpc-status": "14", "grpc-message": encodeURIComponent(`firestore-counter: ${message}`) });

/**
 * Starts the proxy on 127.0.0.1:port (0 = any free port), forwarding to the emulator at upstream "host:port".
 * `logWrites(documentName)`: writes to the documents it accepts are also logged with the time they passed.
 */
export async function startFirestoreCounter({ port = 0, upstream, logWrites = () => false }) {
  const empty = () => ({ writes: {}, reads: {}, rpcs: {}, unbilled: {} });
  let tally = empty();
  const writeLog = [];
  const bump = (map, key) => void (map[key] = (map[key] ?? 0) + 1);
  const add = (kind, name, category) => {
    if (kind === "writes" && name && logWrites(name)) writeLog.push({ name, at: Date.now() });
    bump(tally[kind], category ?? (name ? categoryOf(name) : "unknown"));
  };
  const tap = (parse, method) => {
    const state = new Map(); // per call (Listen: the documents it has delivered)
    return frameSplitter((msg) => {
      try {
        parse(msg, add, state);
      } catch {
        bump(tally.rpcs, `${method}:unparsed`); // never let counting break forwarding
      }
    });
  };

  let session; // one upstream connection, reopened when it closes
  const upstreamSession = () => {
    if (!session || session.closed || session.destroyed) {
      session = http2.connect(`http://${upstream}`, { maxSessionMemory: 64 }); // MB: many busy streams
      session.on("error", () => {}); // each affected stream reports its own error
    }
    return session;
  };
  const sessions = new Set(); // client connections, destroyed by close()
  const calls = new Set(); // in-flight upstream requests

  const server = http2.createServer({ maxSessionMemory: 64 });
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
    s.on("error", () => {});
  });
  server.on("stream", (stream, headers) => {
    const method = String(headers[":path"] ?? "")
      .split("/")
      .pop();
    bump(tally.rpcs, method);
    const parser = PARSERS[method] ?? {};
    // Request headers: keep :method and :path (connect() supplies :scheme and :authority) and all others.
    const out = {};
    for (const [name, value] of Object.entries(headers)) if (!name.startsWith(":") || name === ":method" || name === ":path") out[name] = value;
    stream.on("error", () => {});
    let trailers;
    let done = false; // the emulator's response has ended
    let failed = false;
    let upReq;
    try {
      upReq = upstreamSession().request(out, { endStream: false });
    } catch (error) {
      return fail(error);
    }
    calls.add(upReq);

    // Client -> emulator: forward (pipe, with backpressure), then tap the same chunk.
    stream.pipe(upReq);
    if (parser.request) stream.on("data", tap(parser.request, method));

    // Emulator -> client.
    upReq.on("response", (resHeaders, flags) => {
      if (stream.closed || stream.destroyed) return;
      const back = {};
      for (const [name, value] of Object.entries(resHeaders)) if (!name.startsWith(":") || name === ":status") back[name] = value;
      if (flags & NGHTTP2_FLAG_END_STREAM) {
        done = true;
        upReq.resume();
        return stream.respond(back, { endStream: true }); // trailers-only response (how errors come)
      }
      stream.respond(back, { waitForTrailers: true });
      upReq.pipe(stream);
      if (parser.response) upReq.on("data", tap(parser.response, method));
    });
    upReq.on("trailers", (t) => (trailers = t)); // arrives before 'end', so before 'wantTrailers'
    upReq.on("end", () => (done = true));
    stream.on("wantTrailers", () => stream.sendTrailers(trailers ?? unavailable("upstream ended without trailers")));
    // A reset by the emulator keeps its code; a connection failure becomes UNAVAILABLE.
    upReq.on("error", (error) => fail(error, error.code === "ERR_HTTP2_STREAM_ERROR" ? upReq.rstCode : 0));

    // Cancellation: a reset on either side resets the other (grpc-js maps the RST code to a status).
    stream.on("close", () => {
      if (!upReq.closed) upReq.close(stream.rstCode || (done ? NGHTTP2_NO_ERROR : NGHTTP2_CANCEL));
    });
    upReq.on("close", () => {
      calls.delete(upReq);
      if (upReq.rstCode) fail(null, upReq.rstCode);
      else if (!done && !trailers) fail(new Error("upstream closed the call")); // e.g. connection lost
    });

    /** The emulator reset the call (same code to the client) or was lost (status UNAVAILABLE). */
    function fail(error, code) {
      if (failed || stream.closed || stream.destroyed || stream.writableEnded) return;
      failed = true;
      if (code) return stream.close(code);
      const status = unavailable(error?.message ?? "upstream failed");
      if (!stream.headersSent) return stream.respond({ ":status": 200, "content-type": "application/grpc", ...status }, { endStream: true });
      upReq.unpipe(stream);
      trailers = status;
      stream.end(); // -> wantTrailers -> these trailers
    }
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    port: server.address().port,
    counts: () => structuredClone(tally),
    /** The logged writes, oldest first: `{ name, at }` (ms). */
    writeLog: () => structuredClone(writeLog),
    reset: () => {
      tally = empty();
      writeLog.length = 0;
    },
    /** In-flight proxied calls (a check that cancelled streams really close upstream). */
    inflight: () => calls.size,
    close: async () => {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const s of sessions) s.destroy();
      session?.destroy();
      await closed;
    },
  };
}
