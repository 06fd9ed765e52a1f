/**
 * The sandboxes' TypeScript, transpiled in the dev server's main thread by one esbuild service
 * (see transpile-hooks.mjs for why not in each sandbox). Each sandbox gets a port to ask on. The
 * service (a child process of about 17 MB) runs only while sandboxes load: it is stopped once idle,
 * and esbuild starts a new one on the next request (a sandbox started after a hot reload). `stop`
 * ends the process's one esbuild service: nothing else in the dev server's process uses esbuild.
 */
import { readFile } from "node:fs/promises";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { stop, transform } from "esbuild";
import { minimumNodeMajor } from "../../node-version.js";

/**
 * As the project's tsconfig: imports are kept as written (`import type` is what goes away), for the
 * oldest Node.js the local twin runs on.
 */
const options = {
  loader: "ts",
  format: "esm",
  target: `node${minimumNodeMajor}`,
  sourcemap: "inline",
  tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
} as const;

/** How long the esbuild service stays after its last transform. */
export const transpilerIdleMs = 5_000;

let pending = 0;
let idleTimer: NodeJS.Timeout | undefined;
let stopping: Promise<void> | undefined;

async function transpile(path: string): Promise<string> {
  clearTimeout(idleTimer);
  pending++;
  try {
    await stopping;
    const { code } = await transform(await readFile(path, "utf8"), { ...options, sourcefile: path });
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

/** A port for one sandbox's hooks (transfer it to the worker); requests on it are answered here. */
export function transpilerPort(): MessagePort {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", ({ id, path }: { id: number; path: string }) => {
    void (async () => {
      try {
        port1.postMessage({ id, code: await transpile(path) });
      } catch (error) {
        port1.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  // The port never keeps the server alive; it closes with the sandbox.
  port1.unref();
  return port2;
}
