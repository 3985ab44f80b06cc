// Seed 004's demo data: three process models and 3,000 process instances with 3-5 tasks each
// (deterministic, so a backfill's expected counts are known). Task data carries more fields than
// the models extract, so adding an extraction path has something to backfill; some instances'
// last task is still open (its data is not the source) and some lack a field (skipped).
import { Timestamp } from "firebase-admin/firestore";
import { seededRandom } from "./seeded-random.mjs";

export const PROCESS_MODELS = {
  "order-fulfilment": {
    displayName: "Order fulfilment",
    metadataExtractionPaths: [{ key: "customer", path: "customer.name" }],
    instances: 1500,
    tasks: ["Receive order", "Check stock", "Pack", "Ship"],
  },
  "expense-approval": {
    displayName: "Expense approval",
    metadataExtractionPaths: [{ key: "employee", path: "employee.id" }],
    instances: 1000,
    tasks: ["Submit", "Review", "Approve"],
  },
  onboarding: {
    displayName: "Employee onboarding",
    metadataExtractionPaths: [],
    instances: 500,
    tasks: ["Offer", "Contract", "Equipment", "Accounts", "First day"],
  },
};

const CUSTOMERS = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances"];
const PRIORITIES = ["low", "normal", "high", "urgent"];
const CARRIERS = ["DHL", "UPS", "PostNL"];
const DEPARTMENTS = ["Sales", "Engineering", "Finance", "Support"];

const pick = (rnd, list) => list[Math.floor(rnd() * list.length)];

/** The data a task of this model carries after step `step` (later steps add fields). */
function taskData(modelId, rnd, n, step, base) {
  if (modelId === "order-fulfilment") {
    const data = { customer: { name: base.customer }, order: { id: `ORD-${n}`, total: base.total } };
    if (step >= 1 && base.priority) data.request = { priority: base.priority };
    if (step >= 3) data.shipping = { carrier: pick(rnd, CARRIERS), parcels: 1 + Math.floor(rnd() * 3) };
    return data;
  }
  if (modelId === "expense-approval") {
    const data = { employee: { id: `E${1000 + (n % 250)}` }, amount: base.total, costCenter: `CC-${n % 12}` };
    if (step >= 1) data.review = { outcome: rnd() < 0.9 ? "ok" : "question" };
    if (step >= 2) data.approval = { decision: rnd() < 0.8 ? "approved" : "rejected" };
    return data;
  }
  const data = { department: pick(rnd, DEPARTMENTS), startDate: `2026-${String(1 + (n % 12)).padStart(2, "0")}-01` };
  if (step >= 2) data.equipment = { laptop: rnd() < 0.5 ? "mac" : "linux" };
  if (step >= 4) data.manager = { name: pick(rnd, CUSTOMERS) };
  return data;
}

/** Writes the models and instances unless models exist already. Returns whether it wrote. */
export async function seedProcessDemo(db) {
  if ((await db.collection("processModels").limit(1).get()).size > 0) return false;
  const writer = db.bulkWriter();
  const start = Date.parse("2026-06-01T08:00:00Z");
  for (const [modelId, model] of Object.entries(PROCESS_MODELS)) {
    writer.set(db.collection("processModels").doc(modelId), {
      displayName: model.displayName,
      metadataExtractionPaths: model.metadataExtractionPaths,
      updatedAt: Timestamp.now(),
    });
    const rnd = seededRandom(modelId);
    for (let n = 0; n < model.instances; n += 1) {
      const instanceId = `${modelId}-${String(n).padStart(5, "0")}`;
      const instance = db.collection("processInstances").doc(instanceId);
      const steps = 1 + Math.floor(rnd() * model.tasks.length); // tasks reached so far
      const open = rnd() < 0.15; // the last one still running
      const base = { customer: pick(rnd, CUSTOMERS), total: Math.round(rnd() * 50000) / 100, priority: rnd() < 0.9 ? pick(rnd, PRIORITIES) : null };
      const created = start + n * 60_000;
      writer.set(instance, {
        processModelId: modelId,
        status: open ? "running" : steps === model.tasks.length ? "complete" : "waiting",
        createdAt: Timestamp.fromMillis(created),
      });
      for (let step = 0; step < steps; step += 1) {
        const completed = open && step === steps - 1 ? null : Timestamp.fromMillis(created + (step + 1) * 3_600_000);
        writer.set(instance.collection("tasks").doc(`task-${step}`), {
          name: model.tasks[step],
          data: taskData(modelId, rnd, n, step, base),
          completedAt: completed,
        });
      }
    }
  }
  await writer.close();
  return true;
}
