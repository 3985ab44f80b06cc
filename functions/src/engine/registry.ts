/** The kinds a deployment knows, looked up by name. Built in src/kinds/registry.ts. */
import { RefusedError } from "./errors";
import type { AnyKind } from "./types";

export interface KindRegistry {
  names(): string[];
  get(name: string): AnyKind | undefined;
  require(name: string): AnyKind;
}

export function createRegistry(kinds: AnyKind[]): KindRegistry {
  const byName = new Map(kinds.map((k) => [k.name, k]));
  if (byName.size !== kinds.length) throw new Error("Two kinds share a name");
  const unparsable = kinds.filter((k) => k.prepare && !k.jobParams).map((k) => k.name);
  if (unparsable.length > 0) throw new Error(`Kinds with prepare must give jobParams (the schema of what prepare returns): ${unparsable.join(", ")}`);
  return {
    names: () => [...byName.keys()],
    get: (name) => byName.get(name),
    require(name) {
      const kind = byName.get(name);
      if (!kind) throw new RefusedError("unknown-kind", `Unknown kind "${name}"`, { field: "kind", known: [...byName.keys()] });
      return kind;
    },
  };
}
