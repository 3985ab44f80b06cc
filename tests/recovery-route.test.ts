/** POST /recovery enqueues a recovery run (Hosting cuts requests at 60 s) and the task runs it. */
import { messages } from "../functions/src/logs/messages";
import { recoveryTaskId } from "../functions/src/engine/task-queue";
import { adminToken, api } from "./support/api";
import { freshStack } from "./support/fresh";
import { emulatorLog, waitFor } from "./support/stack";

beforeAll(freshStack);

it("answers 202 with the task at once; the backfillRecover task runs the recovery", async () => {
  const token = await adminToken();
  const runsBefore = emulatorLog().split(messages.recoveryRan(0, 0, 0)).length;
  const before = Date.now();
  const res = await api("POST", "/recovery", { token });
  expect(res.status).toBe(202);
  expect(res.body.enqueued).toBe(true);
  expect([recoveryTaskId(before), recoveryTaskId(Date.now())]).toContain(res.body.taskId);
  await waitFor("the recovery run's log line", async () => emulatorLog().split(messages.recoveryRan(0, 0, 0)).length > runsBefore, 30_000);
});
