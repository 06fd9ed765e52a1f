/**
 * Module hooks of a sandbox, or of the `portico` bin's own process (they run in their own hooks
 * thread): TypeScript files are transpiled by esbuild (transpiler.mjs), and a relative `./x.js` that
 * does not exist names `./x.ts`, as TypeScript's NodeNext resolution has it. `conditions` are added
 * to every resolution: Portico's source condition when it runs from its repository, so `portico/*`
 * names the same copy.
 *
 * A sandbox's hooks ask the dev server's main thread, over the port it hands each sandbox. Why not
 * tsx, or esbuild, in each sandbox: either starts an esbuild child process in the sandbox's hooks
 * thread, and a sandbox ended by hot reload or a timeout leaves that child unreaped
 * (`[esbuild] <defunct>`). One esbuild service in the main thread serves every sandbox and ends with
 * the server. The bin's hooks, given no port, transpile in their own thread (`target`): the main
 * thread waits on them while a module loads, so it could not answer; they end with the process.
 */
import { fileURLToPath } from "node:url";

let port;
let target;
let conditions = [];
let nextId = 1;
const pending = new Map();

export function initialize(data) {
  conditions = data.conditions ?? [];
  if (data.port === undefined) {
    target = data.target;
    return;
  }
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

async function transpile(path) {
  if (port === undefined) return (await import("./transpiler.mjs")).transpile(path, target);
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    port.ref();
    port.postMessage({ id, path });
  });
}

export async function resolve(specifier, context, nextResolve) {
  const withConditions =
    conditions.length === 0 ? context : { ...context, conditions: [...context.conditions, ...conditions] };
  try {
    return await nextResolve(specifier, withConditions);
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && /^\.\.?\//.test(specifier) && specifier.endsWith(".js")) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, withConditions);
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !/\.m?ts$/.test(new URL(url).pathname)) return nextLoad(url, context);
  return { format: "module", source: await transpile(fileURLToPath(url)), shortCircuit: true };
}
