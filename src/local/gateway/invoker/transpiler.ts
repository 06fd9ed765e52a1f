/**
 * The sandboxes' TypeScript, transpiled in the dev server's main thread by one esbuild service
 * (see transpile-hooks.mjs for why not in each sandbox). Each sandbox gets a port to ask on.
 */
import { readFile } from "node:fs/promises";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { transform } from "esbuild";
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

/** A port for one sandbox's hooks (transfer it to the worker); requests on it are answered here. */
export function transpilerPort(): MessagePort {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", ({ id, path }: { id: number; path: string }) => {
    void (async () => {
      try {
        const { code } = await transform(await readFile(path, "utf8"), { ...options, sourcefile: path });
        port1.postMessage({ id, code });
      } catch (error) {
        port1.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  // The port never keeps the server alive; it closes with the sandbox.
  port1.unref();
  return port2;
}
