/**
 * The invoker: each function runs in its own warm worker threads, like Lambda sandboxes — its own
 * environment and module state, one event at a time per worker, more workers only when requests
 * overlap. A function that throws, answers garbage, crashes or hangs never takes the server down:
 * a hung worker is terminated at its timeout, as Lambda ends the sandbox, and replaced on demand.
 */
import { Worker } from "node:worker_threads";

export interface FunctionDefinition {
  readonly name: string;
  /** Absolute path of the module that exports the handler. */
  readonly module: string;
  /** @default "handler" */
  readonly exportName?: string;
  readonly timeoutMs: number;
  /** @default 512 — also the worker's heap limit, as Lambda's memory setting bounds the function */
  readonly memoryMb?: number;
  readonly environment: Readonly<Record<string, string>>;
}

export type InvocationOutcome =
  | { readonly kind: "result"; readonly result: unknown; readonly bytes: number }
  /** The handler threw or rejected, or failed to load. */
  | { readonly kind: "error"; readonly message: string }
  /** The handler did not answer within its timeout. */
  | { readonly kind: "timeout" }
  /** The worker died mid-invocation (`process.exit`, an uncaught error in a callback, out of memory). */
  | { readonly kind: "crash"; readonly message: string };

/** Requests over this many concurrent workers per function wait for one to be free. */
const maxWorkersPerFunction = 16;

interface Sandbox {
  readonly worker: Worker;
  readonly generation: number;
  readonly ready: Promise<void>;
  pending: { readonly id: number; readonly settle: (outcome: InvocationOutcome) => void } | undefined;
}

interface Waiter {
  readonly resolve: (sandbox: Sandbox) => void;
  readonly reject: (error: Error) => void;
}

class FunctionWorkers {
  private readonly idle: Sandbox[] = [];
  private readonly all = new Set<Sandbox>();
  private readonly waiting: Waiter[] = [];
  /** Sandboxes starting; at most one at a time, so a burst on a cold function ramps up instead of stampeding. */
  private initializing = 0;
  private closed = false;
  private nextId = 1;

  constructor(
    private readonly definition: FunctionDefinition,
    private readonly generation: () => number,
  ) {}

  async invoke(event: unknown, requestId: string): Promise<InvocationOutcome> {
    // The timeout covers the wait for a sandbox and its initialisation too, as API Gateway's
    // integration timeout covers a cold start.
    const deadline = performance.now() + this.definition.timeoutMs;
    let sandbox: Sandbox;
    try {
      const acquired = await this.acquire(this.definition.timeoutMs);
      if (acquired === undefined) return { kind: "timeout" };
      sandbox = acquired;
    } catch (error) {
      // The function failed to initialise: Lambda fails the invocation that started it.
      return { kind: "error", message: error instanceof Error ? error.message : String(error) };
    }
    const outcome = await new Promise<InvocationOutcome>((settle) => {
      const id = this.nextId++;
      const timer = setTimeout(
        () => {
          sandbox.pending = undefined;
          settle({ kind: "timeout" });
          // Lambda ends a sandbox whose invocation timed out; its state does not carry over.
          this.discard(sandbox);
        },
        Math.max(0, deadline - performance.now()),
      );
      sandbox.pending = {
        id,
        settle: (value) => {
          clearTimeout(timer);
          sandbox.pending = undefined;
          settle(value);
        },
      };
      sandbox.worker.postMessage({ id, event, requestId });
    });
    if (outcome.kind !== "timeout" && outcome.kind !== "crash") this.release(sandbox);
    return outcome;
  }

  /** A free warm sandbox as soon as there is one, or `undefined` when none is free within `timeoutMs`. */
  private acquire(timeoutMs: number): Promise<Sandbox | undefined> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (sandbox) => {
          clearTimeout(timer);
          resolve(sandbox);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.push(waiter);
      this.pump();
    });
  }

  /** Hands free sandboxes to waiters, and starts one more when requests wait and none is starting. */
  private pump(): void {
    if (this.closed) return;
    while (this.waiting.length > 0 && this.idle.length > 0) {
      (this.waiting.shift() as Waiter).resolve(this.idle.pop() as Sandbox);
    }
    if (this.waiting.length > 0 && this.initializing === 0 && this.all.size < maxWorkersPerFunction) {
      this.initializing++;
      const sandbox = this.spawn();
      sandbox.ready.then(
        () => {
          this.initializing--;
          this.release(sandbox);
        },
        (error: Error) => {
          this.initializing--;
          this.discard(sandbox);
          this.waiting.shift()?.reject(error);
          this.pump();
        },
      );
    }
  }

  private release(sandbox: Sandbox): void {
    if (sandbox.generation !== this.generation() || !this.all.has(sandbox)) this.discard(sandbox);
    else this.idle.push(sandbox);
    this.pump();
  }

  private spawn(): Sandbox {
    const { definition } = this;
    const memoryMb = definition.memoryMb ?? 512;
    const worker = new Worker(new URL("./worker.mjs", import.meta.url), {
      env: { ...definition.environment },
      workerData: {
        module: definition.module,
        exportName: definition.exportName ?? "handler",
        functionName: definition.name,
        memoryMb,
        timeoutMs: definition.timeoutMs,
      },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb },
      // A clean runtime: not the dev server's own loader flags (tsx's, a debugger's).
      execArgv: [],
      stdout: false,
      // Piped, so the function's own stderr is both shown and kept for the report if it dies.
      stderr: true,
    });
    let markReady: () => void = () => {};
    let failReady: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // An unhandled rejection would crash the dev server if nobody awaited `ready` yet.
    ready.catch(() => {});
    const sandbox: Sandbox = { worker, generation: this.generation(), ready, pending: undefined };
    worker.on(
      "message",
      (message: { type?: string; id?: number; ok?: boolean; json?: string; message?: string }) => {
        if (message.type === "ready") return markReady();
        if (message.type === "init-error") return failReady(new Error(message.message));
        const pending = sandbox.pending;
        if (pending === undefined || pending.id !== message.id) return;
        if (message.ok === true) {
          const json = message.json ?? "null";
          pending.settle({ kind: "result", result: JSON.parse(json), bytes: Buffer.byteLength(json) });
        } else {
          pending.settle({ kind: "error", message: message.message ?? "unknown error" });
        }
      },
    );
    let stderrTail = "";
    worker.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-2000);
    });
    const onDeath = (reason: string) => {
      this.forget(sandbox);
      queueMicrotask(() => this.pump());
      failReady(new Error(reason));
      sandbox.pending?.settle({ kind: "crash", message: reason });
    };
    worker.on("error", (error) => onDeath(error.stack ?? error.message));
    worker.on("exit", (code) =>
      onDeath(
        `the function's worker exited with code ${code}${stderrTail === "" ? "" : `: ${stderrTail.trim()}`}`,
      ),
    );
    this.all.add(sandbox);
    return sandbox;
  }

  private forget(sandbox: Sandbox): void {
    this.all.delete(sandbox);
    const index = this.idle.indexOf(sandbox);
    if (index !== -1) this.idle.splice(index, 1);
  }

  private discard(sandbox: Sandbox): void {
    this.forget(sandbox);
    void sandbox.worker.terminate();
  }

  /** Ends idle workers now and busy ones when they finish: the next request loads fresh code. */
  recycle(): void {
    for (const sandbox of [...this.idle]) this.discard(sandbox);
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all].map((sandbox) => sandbox.worker);
    this.all.clear();
    this.idle.length = 0;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error("the function pool is closed"));
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

export class FunctionPool {
  private readonly functions = new Map<string, FunctionWorkers>();
  private generation = 0;

  constructor(definitions: readonly FunctionDefinition[]) {
    for (const definition of definitions) {
      this.functions.set(definition.name, new FunctionWorkers(definition, () => this.generation));
    }
  }

  invoke(name: string, event: unknown, requestId: string): Promise<InvocationOutcome> {
    const workers = this.functions.get(name);
    if (workers === undefined) throw new TypeError(`No function named "${name}".`);
    return workers.invoke(event, requestId);
  }

  /** Hot reload: every function loads its code afresh on its next request. */
  reload(): void {
    this.generation++;
    for (const workers of this.functions.values()) workers.recycle();
  }

  async close(): Promise<void> {
    await Promise.all([...this.functions.values()].map((workers) => workers.close()));
  }
}
