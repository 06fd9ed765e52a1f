#!/usr/bin/env node
// The `portico` command: the compiled CLI (dist/) of an installed package, or in Portico's own
// repository (the only place src/ exists: the package's `files` leave it out) its TypeScript
// sources. Either way TypeScript (the project's app/portico.config.ts, and the sources) loads
// through Portico's own module hooks, transpiled by esbuild in their thread; no tsx.
import { existsSync } from "node:fs";
import { register } from "node:module";

const fromSource = existsSync(new URL("../src/cli/main.ts", import.meta.url));
const root = new URL(fromSource ? "../src/" : "../dist/", import.meta.url);
register(new URL("local/gateway/invoker/transpile-hooks.mjs", root), {
  data: {
    // This process's own modules, for the Node.js that runs them.
    target: `node${process.versions.node.split(".")[0]}`,
    // As src/model/source-condition.ts: the sources' export condition, only when running them.
    conditions: fromSource ? ["portico-source"] : [],
  },
});
process.setSourceMapsEnabled(true);
const { main } = await import(new URL(fromSource ? "cli/main.ts" : "cli/main.js", root).href);
process.exit(await main(process.argv.slice(2)));
