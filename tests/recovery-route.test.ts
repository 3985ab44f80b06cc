/** POST /recovery enqueues a recovery run (Hosting cuts requests at 60 s) and the task runs it. */
import { messages } from "../functions/src/logs/messages";
import { recoveryTaskId } from "../functions/src/engine/task-queue";
import { adminToken, api } from "./support/api";
import { freshStack } from "./support/fresh";
import { emulatorLog, waitFor } from "./support/stack";

beforeAll(freshStack);

/** messages.recoveryRan, whatever its counts. */
const RECOVERY_RAN = new RegExp(messages.recoveryRan(0, 0, 0).replace(/0/g, "\\d+"), "g");

it("answers 202 with the task at once; the backfillRecover task runs the recovery", async () => {
  const token = await adminToken();
  // Any run counts: what it finds depends on what earlier files left running (their items may still be finishing).
  const runs = () => emulatorLog().match(RECOVERY_RAN)?.length ?? 0;
  const runsBefore = runs();
  const before = Date.now();
  const res = await api("POST", "/recovery", { token });
  expect(res.status).toBe(202);
  expect(res.body.enqueued).toBe(true);
  expect([recoveryTaskId(before), recoveryTaskId(Date.now())]).toContain(res.body.taskId);
  await waitFor("the recovery run's log line", async () => runs() > runsBefore, 30_000);
});
