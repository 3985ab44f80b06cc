// A child process for the fault suite: the Firestore counting proxy (tools/bench/firestore-counter.mjs)
// in front of the emulator at argv[2], logging every write to a document whose path matches argv[3]
// (a regular expression). Prints one JSON line {"port", "logPort"}; GET http://127.0.0.1:logPort/
// answers the write log. Stops on SIGTERM.
import http from "node:http";
import { startFirestoreCounter } from "../../tools/bench/firestore-counter.mjs";

const [upstream, pattern] = process.argv.slice(2);
const matcher = new RegExp(pattern);
const counter = await startFirestoreCounter({ upstream, logWrites: (name) => matcher.test(name.slice(name.indexOf("/documents/") + "/documents/".length)) });
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(counter.writeLog()));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
process.stdout.write(`${JSON.stringify({ port: counter.port, logPort: server.address().port })}\n`);
process.on("SIGTERM", async () => {
  server.close();
  await counter.close();
  process.exit(0);
});
