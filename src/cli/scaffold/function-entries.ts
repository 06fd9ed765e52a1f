/**
 * The Lambda entry modules of an app: one `functions/<name>.ts` per function of `describeApp`, each a
 * single line that hands its route key to the runtime's entry point for that kind of route (a custom
 * route's is a starter for the app's own code, written only when missing). `portico
 * init`, `portico import-workbench` and `portico generate` write them; a test proves the example app's
 * committed entries are exactly what this renders, so there is one way to write an entry.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { App } from "../../model/index.js";
import { describeApp, type FunctionDescription, type RouteDescription } from "../../model/index.js";

/** The `portico/runtime` export that serves each kind of route. */
function entryPointOf(route: RouteDescription): string {
  switch (route.kind) {
    case "app":
      return "healthRoute";
    case "entity":
      return `${route.operation}Route`;
    case "file":
      return `${route.operation}Route`;
    case "custom":
      return "customRoute";
  }
}

/** A custom route's starter: the app's own code goes in the handler; written once, never overwritten. */
function customStarter(route: RouteDescription, config: string): string {
  return [
    `/** Lambda entry for \`${route.routeKey}\`: a custom route, this app's own code (written once, never overwritten). */`,
    'import { customRoute, jsonResponse } from "portico/runtime";',
    `import { app } from "${config}";`,
    "",
    `export const handler = customRoute(app, "${route.routeKey}", async (request) => {`,
    '  request.log.info("custom route called", { params: request.params });',
    "  return jsonResponse(200, { ok: true });",
    "});",
    "",
  ].join("\n");
}

/** The module text of one function's entry. */
export function renderFunctionEntry(fn: FunctionDescription, routes: readonly RouteDescription[]): string {
  const config = "../portico.config.js";
  if (fn.trigger.kind === "s3") {
    return [
      "/** Invoked by the files bucket's ObjectCreated events: records each checked upload on its item. */",
      'import { fileRecorder } from "portico/runtime";',
      `import { app } from "${config}";`,
      "",
      "export const handler = fileRecorder(app);",
      "",
    ].join("\n");
  }
  const { routeKey } = fn.trigger;
  const route = routes.find((candidate) => candidate.routeKey === routeKey);
  if (route === undefined) throw new TypeError(`Function "${fn.name}" serves no route of the app.`);
  if (route.kind === "custom") return customStarter(route, config);
  const entryPoint = entryPointOf(route);
  return [
    `/** Lambda entry for \`${routeKey}\`. */`,
    `import { ${entryPoint} } from "portico/runtime";`,
    `import { app } from "${config}";`,
    "",
    `export const handler = ${entryPoint}(app, "${routeKey}");`,
    "",
  ].join("\n");
}

/** Every entry module of the app, by its path relative to the app folder. */
export function renderFunctionEntries(app: App): ReadonlyMap<string, string> {
  const description = describeApp(app);
  return new Map(
    description.functions
      .filter((fn) => fn.entry.startsWith("functions/"))
      .map((fn) => [fn.entry, renderFunctionEntry(fn, description.routes)]),
  );
}

export interface WrittenEntries {
  readonly written: readonly string[];
  /** Entries that exist with other contents (a custom route's own code): never overwritten. */
  readonly kept: readonly string[];
}

/** Writes the entries missing under `appDir`; an existing file is left as it is. */
export async function writeFunctionEntries(app: App, appDir: string): Promise<WrittenEntries> {
  const written: string[] = [];
  const kept: string[] = [];
  for (const [entry, text] of renderFunctionEntries(app)) {
    const file = join(appDir, entry);
    const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (existing === undefined) {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text, { flag: "wx" });
      written.push(entry);
    } else if (existing !== text) {
      kept.push(entry);
    }
  }
  return { written, kept };
}
