/** A clean slate for a test: no documents, the fake Claude and the dashboard simulator without faults. */
import { sim } from "./dashboard";
import { claude } from "./recipes";
import { clearFirestore } from "./stack";

export async function freshStack(): Promise<void> {
  await Promise.all([clearFirestore(), claude.reset(), sim.reset()]);
}
