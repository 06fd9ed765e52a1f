/**
 * Module hooks of a sandbox (they run in the worker's own hooks thread): TypeScript files are
 * transpiled by the dev server's main thread, over the port it hands each sandbox, and a relative
 * `./x.js` that does not exist names `./x.ts`, as TypeScript's NodeNext resolution has it.
 *
 * Why not tsx here: tsx starts an esbuild child process in each sandbox's hooks thread, and a
 * sandbox ended by hot reload or a timeout leaves that child unreaped (`[esbuild] <defunct>`).
 * One esbuild service in the main thread serves every sandbox and ends with the server.
 */
import { fileURLToPath } from "node:url";

let port;
let nextId = 1;
const pending = new Map();

export function initialize(data) {
  port = data.port;
  port.on("message", ({ id, code, error }) => {
    const settle = pending.get(id);
    pending.delete(id);
    if (pending.size === 0) port.unref();
    if (error === undefined) settle.resolve(code);
    else settle.reject(new Error(error));
  });
  port.unref();
}

function transpile(path) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    port.ref();
    port.postMessage({ id, path });
  });
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && /^\.\.?\//.test(specifier) && specifier.endsWith(".js")) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !/\.m?ts$/.test(new URL(url).pathname)) return nextLoad(url, context);
  return { format: "module", source: await transpile(fileURLToPath(url)), shortCircuit: true };
}
