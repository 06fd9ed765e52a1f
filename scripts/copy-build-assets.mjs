// After `tsc -p tsconfig.build.json`: copies into dist/ what tsc does not emit but dist/ loads at
// run time: the plain-JavaScript module hooks and worker (with their .d.mts), and the template
// folder `portico init` copies (src/cli/init/template, which tsc leaves out).
import { cp, readdir } from "node:fs/promises";
import { join, relative } from "node:path";

const src = new URL("../src/", import.meta.url).pathname;
const dist = new URL("../dist/", import.meta.url).pathname;
const template = join("cli", "init", "template");

for (const entry of await readdir(src, { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name);
  const path = relative(src, file);
  if (entry.isFile() && /\.(mjs|d\.mts)$/.test(entry.name) && !path.startsWith(template)) {
    await cp(file, join(dist, path));
  }
}
await cp(join(src, template), join(dist, template), { recursive: true });
