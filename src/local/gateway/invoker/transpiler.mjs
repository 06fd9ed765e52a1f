/**
 * TypeScript for the module hooks (transpile-hooks.mjs), transpiled by one esbuild service per
 * thread: the dev server's main thread serves every sandbox, each over a port of its own, and the
 * `portico` bin's hooks thread serves its own process (the app definition, and in Portico's
 * repository the CLI's own sources). Plain JavaScript, so the hooks load it before any TypeScript.
 * The service (a child process of about 17 MB) runs only while modules load: it is stopped once
 * idle, and esbuild starts a new one on the next request (a sandbox started after a hot reload).
 * Stopping ends the process's one esbuild service: nothing else in a dev server's process uses it.
 */
import { readFile } from "node:fs/promises";
import { MessageChannel } from "node:worker_threads";
import { stop, transform } from "esbuild";

/** How long the esbuild service stays after its last transform. */
export const transpilerIdleMs = 5_000;

let pending = 0;
let idleTimer;
let stopping;

/** As the project's tsconfig: imports are kept as written (`import type` is what goes away). */
function optionsFor(target, path) {
  return {
    loader: "ts",
    format: "esm",
    target,
    sourcemap: "inline",
    sourcefile: path,
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  };
}

/** `path`'s TypeScript as JavaScript for esbuild's `target` (`node22`), on this thread's service. */
export async function transpile(path, target) {
  clearTimeout(idleTimer);
  pending++;
  try {
    await stopping;
    const { code } = await transform(await readFile(path, "utf8"), optionsFor(target, path));
    return code;
  } finally {
    pending--;
    if (pending === 0) {
      idleTimer = setTimeout(() => {
        stopping = Promise.resolve(stop()).finally(() => {
          stopping = undefined;
        });
      }, transpilerIdleMs);
      idleTimer.unref();
    }
  }
}

/**
 * A port for one set of hooks (transfer it to their thread), whose requests are answered here with
 * code for esbuild's `target` (`node22`).
 */
export function transpilerPort(target) {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", ({ id, path }) => {
    void (async () => {
      try {
        port1.postMessage({ id, code: await transpile(path, target) });
      } catch (error) {
        port1.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  // The port never keeps the process alive; it closes with the hooks' thread.
  port1.unref();
  return port2;
}
