/** Types of transpiler.mjs (plain JavaScript, so that the `portico` bin loads it before any TypeScript). */
import type { MessagePort } from "node:worker_threads";

/** How long the esbuild service stays after its last transform. */
export declare const transpilerIdleMs: number;

/** A port for one set of module hooks, answered with code for esbuild's `target` (`node22`). */
export declare function transpilerPort(target: string): MessagePort;

/** `path`'s TypeScript as JavaScript for esbuild's `target`, on this thread's esbuild service. */
export declare function transpile(path: string, target: string): Promise<string>;
