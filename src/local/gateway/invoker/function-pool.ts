/**
 * The invoker: each function runs in its own warm worker thread (a sandbox) with its own
 * environment and module state, kept between requests. A function that throws, answers garbage,
 * crashes or hangs never takes the server down: an invocation past the function's own timeout
 * ends as a `timeout` (the gateway answers 500, as API Gateway does when Lambda ends a function),
 * and its sandbox takes no more work and ends once idle (Lambda resets a timed-out sandbox);
 * a fresh one replaces it on demand. API Gateway's 30 s integration timeout is the gateway's.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { ownConditions } from "../../../model/source-condition.js";
import { minimumNodeMajor } from "../../node-version.js";
import { transpilerPort } from "./transpiler.mjs";

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
  /** The handler did not answer within the function's own timeout. */
  | { readonly kind: "timeout" }
  /** The worker died mid-invocation (`process.exit`, an uncaught error in a callback, out of memory). */
  | { readonly kind: "crash"; readonly message: string };

/**
 * A sandbox takes several invocations at once (they interleave on its event loop, like requests
 * in a Node server); one sandbox per function is then enough on a laptop, and another starts only
 * when those running are full. Lambda runs one event per sandbox at a time — the price of this is
 * that module state is shared by concurrent requests locally, where on AWS each sandbox has its own.
 *
 * A function takes up to {@link maxConcurrentInvocations} at once on any machine. They are spread
 * over as many sandboxes as there are cores to spare — one is the gateway's and DynamoDB Local's —
 * up to 4: on a 2-core machine a second sandbox buys no parallelism, only a second heap, JIT and SDK
 * connection pool (measured by `npm run bench -- twin`: about a quarter more CPU per request).
 */
const maxConcurrentInvocations = 128;
const maxSandboxesPerFunction = Math.min(4, Math.max(1, availableParallelism() - 1));
const invocationsPerSandbox = Math.ceil(maxConcurrentInvocations / maxSandboxesPerFunction);

/** Lambda's init phase limit: a sandbox may take this long to load before its first invocation. */
const lambdaInitBudgetMs = 10_000;

interface Sandbox {
  readonly worker: Worker;
  readonly generation: number;
  readonly ready: Promise<void>;
  started: boolean;
  /** Invocations handed to this sandbox and not yet settled. */
  load: number;
  /** Takes no new invocations and ends once idle: an invocation timed out in it (Lambda resets such a sandbox). */
  retiring: boolean;
  readonly inFlight: Map<number, (outcome: InvocationOutcome) => void>;
}

interface Waiter {
  readonly resolve: (sandbox: Sandbox) => void;
  readonly reject: (error: Error) => void;
}

class FunctionWorkers {
  private readonly all = new Set<Sandbox>();
  private readonly waiting: Waiter[] = [];
  /** Sandboxes starting; at most one at a time, so a burst on a cold function does not stampede. */
  private initializing = 0;
  private closed = false;
  private nextId = 1;

  constructor(
    private readonly definition: FunctionDefinition,
    private readonly generation: () => number,
  ) {}

  async invoke(event: unknown, requestId: string): Promise<InvocationOutcome> {
    // A sandbox's start is Lambda's init phase, which has a budget of its own (10 s), apart from the
    // function's timeout: a cold start under load must not eat the invocation's time. The wait is
    // bounded by both; the function's own timeout starts once it has a sandbox.
    let sandbox: Sandbox;
    try {
      const acquired = await this.acquire(lambdaInitBudgetMs + this.definition.timeoutMs);
      if (acquired === undefined) return { kind: "timeout" };
      sandbox = acquired;
    } catch (error) {
      // The function failed to initialise: Lambda fails the invocation that started it.
      return { kind: "error", message: error instanceof Error ? error.message : String(error) };
    }
    if (!this.all.has(sandbox)) {
      sandbox.load--;
      return { kind: "crash", message: "the function's sandbox ended before the invocation started" };
    }
    const id = this.nextId++;
    const deadline = performance.now() + this.definition.timeoutMs;
    const outcome = await new Promise<InvocationOutcome>((settle) => {
      const timer = setTimeout(
        () => {
          sandbox.inFlight.delete(id);
          sandbox.retiring = true;
          settle({ kind: "timeout" });
        },
        Math.max(0, deadline - performance.now()),
      );
      sandbox.inFlight.set(id, (value) => {
        clearTimeout(timer);
        sandbox.inFlight.delete(id);
        settle(value);
      });
      sandbox.worker.postMessage({ id, event, requestId });
    });
    sandbox.load--;
    if (sandbox.load === 0 && (sandbox.retiring || sandbox.generation !== this.generation()))
      this.discard(sandbox);
    this.pump();
    return outcome;
  }

  /** A sandbox with room, as soon as there is one, or `undefined` when none has room within `timeoutMs`. */
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

  /** Hands waiters to sandboxes with room; starts one more when they are full and none is starting. */
  private pump(): void {
    if (this.closed) return;
    const current = this.generation();
    while (this.waiting.length > 0) {
      const sandbox = [...this.all].find(
        (candidate) =>
          candidate.started &&
          !candidate.retiring &&
          candidate.generation === current &&
          candidate.load < invocationsPerSandbox,
      );
      if (sandbox === undefined) break;
      sandbox.load++;
      (this.waiting.shift() as Waiter).resolve(sandbox);
    }
    const usable = [...this.all].filter(
      (sandbox) => sandbox.generation === current && !sandbox.retiring,
    ).length;
    if (this.waiting.length > 0 && this.initializing === 0 && usable < maxSandboxesPerFunction)
      this.startOne();
  }

  /**
   * Starts a sandbox before a request needs it, when none runs or starts: for a request that waits
   * for the database first, so the sandbox's start overlaps that wait instead of following it.
   */
  prepare(): void {
    if (!this.closed && this.all.size === 0 && this.initializing === 0) this.startOne();
  }

  private startOne(): void {
    this.initializing++;
    const sandbox = this.spawn();
    sandbox.ready.then(
      () => {
        this.initializing--;
        sandbox.started = true;
        // Code saved while it started: it is already stale.
        if (sandbox.generation !== this.generation()) this.discard(sandbox);
        this.pump();
      },
      (error: Error) => {
        this.initializing--;
        this.discard(sandbox);
        this.waiting.shift()?.reject(error);
        this.pump();
      },
    );
  }

  private spawn(): Sandbox {
    const { definition } = this;
    const memoryMb = definition.memoryMb ?? 512;
    // For the oldest Node.js the local twin runs on, so a function behaves alike on each.
    const transpiler = transpilerPort(`node${minimumNodeMajor}`);
    const worker = new Worker(new URL("./worker.mjs", import.meta.url), {
      env: { ...definition.environment },
      workerData: {
        module: definition.module,
        exportName: definition.exportName ?? "handler",
        functionName: definition.name,
        memoryMb,
        timeoutMs: definition.timeoutMs,
        transpiler,
        // The copy of Portico this server runs (its sources in Portico's repository).
        conditions: ownConditions,
      },
      transferList: [transpiler],
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
    const sandbox: Sandbox = {
      worker,
      generation: this.generation(),
      ready,
      started: false,
      load: 0,
      retiring: false,
      inFlight: new Map(),
    };
    worker.on(
      "message",
      (message: { type?: string; id?: number; ok?: boolean; json?: string; message?: string }) => {
        if (message.type === "ready") return markReady();
        if (message.type === "init-error") return failReady(new Error(message.message));
        const settle = sandbox.inFlight.get(message.id as number);
        if (settle === undefined) return;
        if (message.ok === true) {
          const json = message.json ?? "null";
          settle({ kind: "result", result: JSON.parse(json), bytes: Buffer.byteLength(json) });
        } else {
          settle({ kind: "error", message: message.message ?? "unknown error" });
        }
      },
    );
    let stderrTail = "";
    worker.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString("utf8")).slice(-2000);
    });
    const onDeath = (reason: string) => {
      this.all.delete(sandbox);
      queueMicrotask(() => this.pump());
      failReady(new Error(reason));
      for (const settle of [...sandbox.inFlight.values()]) settle({ kind: "crash", message: reason });
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

  private discard(sandbox: Sandbox, reason = "the function's sandbox was ended"): void {
    if (!this.all.delete(sandbox)) return;
    for (const settle of [...sandbox.inFlight.values()]) settle({ kind: "crash", message: reason });
    void sandbox.worker.terminate();
  }

  /** Ends idle sandboxes now, busy or starting ones when they finish: the next request loads fresh code. */
  recycle(): void {
    for (const sandbox of [...this.all]) if (sandbox.started && sandbox.load === 0) this.discard(sandbox);
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.all].map((sandbox) => sandbox.worker);
    this.all.clear();
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

  /** Starts the function's first sandbox ahead of its first invocation; see `FunctionWorkers.prepare`. */
  prepare(name: string): void {
    this.functions.get(name)?.prepare();
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
