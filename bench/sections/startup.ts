/**
 * Issue 11, point 6: `npm start` answers its first DynamoDB-backed request within 3 s, and the
 * whole local stack idles under 300 MB (DESIGN.md, Budgets).
 *
 * As a user runs it: `npm start -- --port N --data-dir D` (real npm, a fresh data folder and a free
 * port each time), timed from the spawn to the first answer of `GET /v1/users/me` with a token from
 * the local issuer (a 404 problem, "no profile yet", is DynamoDB's answer too: the route waits for
 * the table). One start first warms the OS's file cache and, on a fresh machine, makes DynamoDB
 * Local's class-data archive; the verdict is the median of the starts after it. Along the way: when
 * the server first answers (the token) and when the JVM was spawned (what runs before it is the
 * critical path's head). Then the memory of the process tree under npm (/proc RSS, per process):
 * idle a few seconds after the first request, and during and after a few seconds of autocannon
 * (10 connections, GET + POST + list of a user's todos). Stopped with SIGINT as a terminal does;
 * every process of the tree must be gone.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { transpilerIdleMs } from "../../src/local/gateway/invoker/transpiler.mjs";
import { freePort } from "../../src/local/services/dynamodb/free-port.js";
import { localOrigin, localTokenPath } from "../../src/runtime/index.js";
import { type TreeMemory, treeMemory } from "../support/memory.js";
import type { BenchContext, Section, SectionResult } from "../support/section.js";
import { median } from "../support/statistics.js";

const START_BUDGET_MS = 3000;
const IDLE_BUDGET_MB = 300;
/** Timed starts after the warm-up one. */
const TIMED_STARTS = 3;
const POLL_MS = 10;
const START_TIMEOUT_MS = 60_000;
/** Idle: after the sandboxes' transpiler has stopped its esbuild service, as it does once idle. */
const SETTLE_MS = transpilerIdleMs + 1000;
const LOAD_SECONDS = 4;
const LOAD_CONNECTIONS = 10;
const STOP_TIMEOUT_MS = 30_000;
const subject = "bench_startup";

interface StartFigures {
  /** Spawn → first answer of the token endpoint (the node server listens). */
  readonly serverMs: number;
  /** Spawn → the JVM's process exists. */
  readonly jvmSpawnedMs: number | undefined;
  /** Spawn → first answer of `GET /v1/users/me` (DynamoDB-backed). */
  readonly firstDataMs: number;
  readonly firstDataStatus: number;
}

interface Started {
  readonly child: ChildProcess;
  readonly base: string;
  readonly token: string;
  readonly figures: StartFigures;
  readonly output: () => string;
  readonly dataDir: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid of the first `java` below `pid`, if any. */
function jvmBelow(pid: number): number | undefined {
  return treeMemory(pid).descendants.find((process) => process.name === "java")?.pid;
}

async function npmStart(root: string): Promise<Started> {
  const dataDir = await mkdtemp(join(tmpdir(), "portico-bench-start-"));
  const port = await freePort();
  const base = localOrigin(port);
  let output = "";
  const started = performance.now();
  const child = spawn("npm", ["start", "--", "--port", String(port), "--data-dir", dataDir], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = once(child, "exit").then(() => {
    throw new Error(`npm start exited while starting. Output:\n${output}`);
  });
  exited.catch(() => {});

  let jvmSpawnedMs: number | undefined;
  const watchJvm = (async () => {
    while (jvmSpawnedMs === undefined && performance.now() - started < START_TIMEOUT_MS) {
      if (child.pid !== undefined && jvmBelow(child.pid) !== undefined)
        jvmSpawnedMs = performance.now() - started;
      else await sleep(POLL_MS);
    }
  })();

  const deadline = started + START_TIMEOUT_MS;
  const poll = async <T>(attempt: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (;;) {
      if (child.exitCode !== null) await exited;
      const value = await attempt().catch(() => undefined);
      if (value !== undefined) return value;
      if (performance.now() > deadline)
        throw new Error(`no ${what} within ${START_TIMEOUT_MS} ms:\n${output}`);
      await sleep(POLL_MS);
    }
  };
  const token = await poll(async () => {
    const response = await fetch(`${base}${localTokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: subject }),
    });
    return response.ok ? ((await response.json()) as { access_token: string }).access_token : undefined;
  }, "token");
  const serverMs = performance.now() - started;
  // The route waits for the table, so one request is answered once DynamoDB is.
  const firstDataStatus = await poll(async () => {
    const response = await fetch(`${base}/v1/users/me`, { headers: { authorization: `Bearer ${token}` } });
    await response.arrayBuffer();
    return response.status === 200 || response.status === 404 ? response.status : undefined;
  }, "DynamoDB-backed answer");
  const firstDataMs = performance.now() - started;
  await watchJvm;
  return {
    child,
    base,
    token,
    dataDir,
    output: () => output,
    figures: { serverMs, jvmSpawnedMs, firstDataMs, firstDataStatus },
  };
}

/** SIGINT to npm, as Ctrl-C; resolves once npm and everything below it are gone. */
async function stop(started: Started): Promise<{ stopMs: number; leftBehind: string[] }> {
  const { child } = started;
  const tree = child.pid === undefined ? [] : treeMemory(child.pid).descendants;
  const begun = performance.now();
  const exited = child.exitCode === null ? once(child, "exit") : Promise.resolve();
  child.kill("SIGINT");
  await exited;
  const deadline = performance.now() + STOP_TIMEOUT_MS;
  let alive = tree;
  while (alive.length > 0 && performance.now() < deadline) {
    await sleep(50);
    alive = alive.filter((process) => existsSync(`/proc/${process.pid}`) && !isZombie(process.pid));
  }
  const stopMs = performance.now() - begun;
  for (const process of alive) {
    try {
      globalThis.process.kill(process.pid, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  await rm(started.dataDir, { recursive: true, force: true });
  return { stopMs, leftBehind: alive.map((process) => `${process.name} ${process.pid}`) };
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}

/** GET, POST and list of one user's todos, round robin over 10 connections. */
async function load(started: Started): Promise<{ rps: number; non2xx: number; peak: TreeMemory }> {
  const headers = { authorization: `Bearer ${started.token}`, "content-type": "application/json" };
  const profile = await fetch(`${started.base}/v1/users`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      username: subject,
      firstName: "Bench",
      lastName: "Start",
      email: "b@example.com",
    }),
  });
  if (profile.status !== 201) throw new Error(`POST /v1/users answered ${profile.status}`);
  const todos = `/v1/users/${subject}/todos`;
  const pid = started.child.pid as number;
  let peak = treeMemory(pid);
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = treeMemory(pid);
      if (now.totalMb > peak.totalMb) peak = now;
      await sleep(250);
    }
  })();
  const result = await autocannon({
    url: started.base,
    connections: LOAD_CONNECTIONS,
    duration: LOAD_SECONDS,
    headers,
    requests: [
      { method: "GET", path: "/v1/users/me" },
      { method: "POST", path: todos, body: JSON.stringify({ title: "bench" }) },
      { method: "GET", path: `${todos}?limit=20` },
    ],
  });
  sampling = false;
  await sampler;
  return { rps: result.requests.average, non2xx: result.non2xx + result.errors + result.timeouts, peak };
}

const ms = (value: number | undefined) => (value === undefined ? "-" : `${Math.round(value)} ms`);
/** Node.js names its main thread's process `MainThread`: that is portico's node. */
const label = (name: string) => (name === "MainThread" ? "node" : name);
/**
 * The local stack is what `npm start` runs (issue 11: node, DynamoDB Local, helpers), not npm, the
 * launcher that waits for it; npm's own share is shown beside it.
 */
const stackMb = (memory: TreeMemory): number => memory.totalMb - memory.rootMb;
const split = (memory: TreeMemory): string =>
  [
    `npm ${memory.rootMb}`,
    ...memory.descendants.filter((p) => p.rssMb > 0).map((p) => `${label(p.name)} ${p.rssMb}`),
  ].join(" + ");

export const startupSection: Section = {
  name: "startup",
  title: "Start-up and memory of `npm start`",
  async run({ log, root }: BenchContext): Promise<SectionResult> {
    // Timings here are wall time on a shared machine: the load says how busy it was.
    const loadBefore = loadavg()[0] as number;
    const starts: StartFigures[] = [];
    const stops: { stopMs: number; leftBehind: string[] }[] = [];
    let idle: TreeMemory | undefined;
    let loaded: { rps: number; non2xx: number; peak: TreeMemory; after: TreeMemory } | undefined;
    for (let run = 0; run <= TIMED_STARTS; run++) {
      const started = await npmStart(root);
      starts.push(started.figures);
      log(
        `${run === 0 ? "warm-up" : `start ${run}`}: server ${ms(started.figures.serverMs)}, JVM spawned ` +
          `${ms(started.figures.jvmSpawnedMs)}, first DynamoDB answer ${ms(started.figures.firstDataMs)} ` +
          `(${started.figures.firstDataStatus})`,
      );
      try {
        if (run === TIMED_STARTS) {
          await sleep(SETTLE_MS);
          idle = treeMemory(started.child.pid as number);
          log(`idle: ${stackMb(idle)} MB without npm (${split(idle)})`);
          const result = await load(started);
          await sleep(500);
          loaded = { ...result, after: treeMemory(started.child.pid as number) };
          log(
            `load: ${Math.round(result.rps)} requests/s, ${result.non2xx} not 2xx, peak ${stackMb(result.peak)} MB without npm`,
          );
        }
      } finally {
        stops.push(await stop(started));
      }
    }
    if (idle === undefined || loaded === undefined) throw new Error("the memory run did not happen");
    const timed = starts.slice(1);
    const firstData = median(timed.map((start) => start.firstDataMs));
    const leftBehind = stops.flatMap((stopped) => stopped.leftBehind);
    const row = (what: string, memory: TreeMemory) => [what, stackMb(memory), split(memory)];
    return {
      figures: {
        starts,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadavg()[0],
        medianFirstDataMs: firstData,
        medianServerMs: median(timed.map((start) => start.serverMs)),
        medianJvmSpawnedMs: median(timed.map((start) => start.jvmSpawnedMs ?? Number.NaN)),
        idle,
        load: loaded,
        stops,
      },
      table: {
        columns: ["measure", "value", "detail"],
        rows: [
          [
            "first DynamoDB-backed answer (median)",
            ms(firstData),
            timed.map((s) => ms(s.firstDataMs)).join(", "),
          ],
          ["server answers (token)", ms(median(timed.map((s) => s.serverMs))), "median"],
          [
            "JVM spawned",
            ms(median(timed.map((s) => s.jvmSpawnedMs ?? Number.NaN))),
            "median, after npm's spawn",
          ],
          ["warm-up start", ms(starts[0]?.firstDataMs), "first start: OS file cache, class-data archive"],
          row("idle RSS of the stack (without npm), MB", idle),
          row("peak RSS under load (without npm), MB", loaded.peak),
          row("RSS after load (without npm), MB", loaded.after),
          [
            "load",
            `${Math.round(loaded.rps)} req/s`,
            `${LOAD_CONNECTIONS} connections, ${LOAD_SECONDS} s, ${loaded.non2xx} not 2xx`,
          ],
          [
            "stop (SIGINT → tree gone)",
            ms(median(stops.map((s) => s.stopMs))),
            `left behind: ${leftBehind.length}`,
          ],
        ],
      },
      verdicts: [
        {
          subject: "start-up",
          budget: `≤ ${START_BUDGET_MS / 1000} s`,
          measured: `${(firstData / 1000).toFixed(2)} s (median of ${TIMED_STARTS})`,
          met: firstData <= START_BUDGET_MS,
        },
        {
          subject: "idle memory",
          budget: `≤ ${IDLE_BUDGET_MB} MB`,
          measured: `${stackMb(idle)} MB without npm (${split(idle)})`,
          met: stackMb(idle) <= IDLE_BUDGET_MB,
        },
        {
          subject: "stop",
          budget: "no process left behind",
          measured: leftBehind.length === 0 ? "none left" : leftBehind.join(", "),
          met: leftBehind.length === 0,
        },
      ],
      notes: [
        "Wall time from spawning `npm start` (npm, then `node bin/portico.js dev`) to the first answer of " +
          "`GET /v1/users/me` with a local token; a fresh data folder and port each start.",
        "RSS from /proc of npm's process tree: portico's node (gateway and function workers), DynamoDB " +
          "Local's java, esbuild's service and the JVM's watchdog (sh, sleep); npm itself, the launcher " +
          "waiting for them, is shown first in the detail and left out of the stack's figure.",
        `Load average (1 min) ${loadBefore.toFixed(1)} before the section, ${loadavg()[0]?.toFixed(1)} after, on ` +
          "a machine shared with other work: wall times scale with it.",
      ],
    };
  },
};
