// `npm run new-kind -- <name>`: writes functions/src/kinds/<name>/ (the kind in index.ts, its log
// messages, its contract test, its query catalogue) and adds its line to the registry. The kind
// builds and its contract test passes at once (`npm run test:kinds -- <name>`); then make it yours
// (docs/writing-a-kind.md). Refuses a name that is not kebab-case or already taken; writes nothing then.
// What it writes is in the repository's Prettier style (`npm run format:check` passes).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import * as prettier from "prettier";
import { contractTestFile, kindFile, messagesFile, queriesFile } from "./new-kind/templates.mjs";

const ROOT = resolve(import.meta.dirname, "..");
const REGISTRY = join(ROOT, "functions/src/kinds/registry.ts");
const MARKER = "    // `npm run new-kind -- <name>` adds a kind above this line (and its import above).";

function fail(message) {
  console.error(`new-kind: ${message}`);
  process.exit(2);
}

export function namesFor(name) {
  const fn = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  const words = name.split("-");
  return {
    name,
    fn,
    upper: words.join("_").toUpperCase(),
    col: `${fn}Records`,
    title: words.map((w, i) => (i === 0 ? w[0].toUpperCase() + w.slice(1) : w)).join(" "),
  };
}

const name = process.argv[2];
if (!name || process.argv.length > 3) fail("usage: npm run new-kind -- <kind-name> (kebab-case, e.g. recipe-tags)");
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 40) fail(`"${name}" is not a kebab-case name of at most 40 characters (e.g. recipe-tags)`);
const names = namesFor(name);
const dir = join(ROOT, "functions/src/kinds", name);
if (existsSync(dir)) fail(`functions/src/kinds/${name} exists already`);
const registry = readFileSync(REGISTRY, "utf8");
if (!registry.includes(MARKER)) fail("functions/src/kinds/registry.ts has lost its new-kind marker line; add the kind by hand (docs/writing-a-kind.md)");
if (registry.includes(`name: "${name}"`) || new RegExp(`\\b${names.fn}\\b`).test(registry)) fail(`a kind named ${name} is registered already`);

const imports = registry.split("\n");
const lastKindImport = imports.findLastIndex((line) => /^import .* from "\.\/[^"]+";$/.test(line));
imports.splice(lastKindImport + 1, 0, `import { ${names.fn} } from "./${name}";`);
const updated = imports.join("\n").replace(MARKER, `    ${names.fn}(),\n${MARKER}`);

/** The text as Prettier lays it out with the repository's settings. */
const formatted = async (file, text) => prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
const files = {
  [join(dir, "index.ts")]: await formatted(join(dir, "index.ts"), kindFile(names)),
  [join(dir, "messages.ts")]: await formatted(join(dir, "messages.ts"), messagesFile(names)),
  [join(dir, "contract.test.ts")]: await formatted(join(dir, "contract.test.ts"), contractTestFile(names)),
  [join(dir, "queries.json")]: queriesFile(names),
  [REGISTRY]: await formatted(REGISTRY, updated),
};
// The catalogue names the kind's query lines as written: a layout that moved one would fail deploy:check.
const sites = JSON.parse(files[join(dir, "queries.json")]).queries.flatMap((q) => Object.values(q.sites).flat());
const kindLines = files[join(dir, "index.ts")].split("\n").map((line) => line.trim());
for (const site of sites) if (!kindLines.includes(site)) fail(`the template's query line \`${site}\` is laid out differently for this name; shorten the name`);

mkdirSync(dir);
for (const [file, text] of Object.entries(files)) writeFileSync(file, text);
console.log(`new-kind: wrote functions/src/kinds/${name}/ (index.ts, messages.ts, contract.test.ts, queries.json) and registered ${names.fn}() in functions/src/kinds/registry.ts.
Next: npm run test:kinds -- ${name}   (its contract test, seconds)
      docs/writing-a-kind.md          (make it yours: the listing, the item, process and commit)`);
