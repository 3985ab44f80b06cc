/** POST /recovery enqueues a recovery run (Hosting cuts requests at 60 s) and the task runs it. */
import { messages } from "../functions/src/logs/messages";
import { recoveryTaskId } from "../functions/src/engine/task-queue";
import { adminToken, api } from "./support/api";
import { freshStack } from "./support/fresh";
import { emulatorLog, waitFor } from "./support/stack";

beforeAll(freshStack);

/** messages.recoveryRan, whatever its counts. */
const RECOVERY_RAN = new RegExp(messages.recoveryRan(0, 0, 0).replace(/0/g, "\\d+"), "g");
const MINUTE_MS = 60_000;

it("answers 202 with a new task, a second request in the same minute shares it, and the backfillRecover task runs the recovery", async () => {
  const token = await adminToken();
  // Requests in one minute share a task, and Cloud Tasks keeps a task's name for about an hour: an
  // earlier file (api.test.ts) may have asked for this minute's run. The next minute is this test's own.
  await new Promise((r) => setTimeout(r, MINUTE_MS - (Date.now() % MINUTE_MS) + 100));
  // Any run counts: what it finds depends on what earlier files left running (their items may still be finishing).
  const runs = () => emulatorLog().match(RECOVERY_RAN)?.length ?? 0;
  const runsBefore = runs();
  const requestedAt = Date.now();
  const first = await api("POST", "/recovery", { token });
  expect(first.status).toBe(202);
  expect(first.body).toEqual({ enqueued: true, taskId: recoveryTaskId(requestedAt) });

  const second = await api("POST", "/recovery", { token });
  expect(second.status).toBe(202);
  expect(second.body).toEqual({ enqueued: false, taskId: first.body.taskId });

  await waitFor("the recovery run's log line", async () => runs() > runsBefore, 30_000);
});
