/**
 * Section `twin` (issue 11, point 5): the local twin's requests/s and p50/p99 for three routes —
 * `GET /users/{userId}`, `POST /users/{userId}/todos` and the list `GET /users/{userId}/todos` (of
 * a user with 50 todos) — at 10 and at 100 connections, with autocannon on loopback, against a bare
 * `node:http` server that calls the same handler modules in process on the same DynamoDB Local
 * table (bench/support/bare-server.ts), in the same run. The twin is the real dev server: its
 * gateway, JWT authorizer, stage throttle, functions in worker-thread sandboxes, access log.
 *
 * Runs alternate which server goes first, each after a warm-up on its own connections; autocannon
 * runs in a worker thread, so its own work does not sit on either server's event loop. At the
 * end the twin is stopped with requests in flight, and must answer all of them and log no 5xx.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { app } from "../../app/portico.config.js";
import { startDevServer } from "../../src/local/dev/dev-server.js";
import { localGatewayPlan } from "../../src/local/dev/gateway-plan.js";
import { ensureTable, startDynamoDb } from "../../src/local/services/dynamodb/index.js";
import { describeApp } from "../../src/model/index.js";
import { createTableInput } from "../../src/runtime/index.js";
import { type BareRoute, startBareServer } from "../support/bare-server.js";
import { processCpuMs } from "../support/cpu.js";
import { treeMemory } from "../support/memory.js";
import type { BenchContext, Section, SectionResult, Verdict } from "../support/section.js";

const seconds = Number(process.env.BENCH_TWIN_SECONDS ?? 4);
const warmupSeconds = Number(process.env.BENCH_TWIN_WARMUP_SECONDS ?? 1);
/** Once per server and route before any run: the twin's sandboxes start and both JITs settle. */
const firstWarmupSeconds = 2;
const connectionCounts = [10, 100] as const;
/** The list route's user owns this many todos, a realistic first page. */
const seededTodos = 50;
/** How many users the writes rotate over. */
const writers = 20;
const throughputTarget = 1.0;
const p99Target = 1.1;

/** AWS's default account quota (10,000 requests/s, burst 5,000): the stage keeps a throttle, out of reach. */
const benchThrottling = { rateLimit: 10_000, burstLimit: 5_000 };

interface Load {
  readonly name: string;
  readonly routeKey: string;
  readonly method: "GET" | "POST";
  readonly path: string;
  /**
   * Whose token: the list's reader has the seeded todos; writes rotate over {@link writers} users,
   * so the figure is the servers', not one user's transaction conflicts (its todo count is one item).
   */
  readonly user: "reader" | "writers";
  readonly body?: string;
}

const loads: readonly Load[] = [
  { name: "GET me", routeKey: "GET /users/{userId}", method: "GET", path: "/users/me", user: "reader" },
  {
    name: "POST todo",
    routeKey: "POST /users/{userId}/todos",
    method: "POST",
    path: "/users/me/todos",
    user: "writers",
    body: JSON.stringify({ title: "Benchmark the twin" }),
  },
  {
    name: `GET todos (${seededTodos})`,
    routeKey: "GET /users/{userId}/todos",
    method: "GET",
    path: "/users/me/todos",
    user: "reader",
  },
];

interface Run {
  readonly server: "twin" | "bare";
  readonly route: string;
  readonly connections: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Connection errors, timeouts and non-2xx answers. */
  readonly errors: number;
  /** CPU per request: this process (servers, worker threads, the load generator) and DynamoDB Local. */
  readonly nodeCpuMsPerRequest: number;
  readonly dynamodbCpuMsPerRequest: number;
}

interface Target {
  readonly url: string;
  /** One set of headers per request in turn (each connection goes through them in order). */
  readonly headers: readonly Record<string, string>[];
}

async function cannon(target: Target, load: Load, connections: number, duration: number) {
  return autocannon({
    url: target.url,
    method: load.method,
    requests: target.headers.map((headers) => ({
      method: load.method,
      headers,
      ...(load.body === undefined ? {} : { body: load.body }),
    })),
    connections,
    duration,
    // Its own thread: the load generator's work stays off the servers' event loop.
    workers: 1,
  });
}

async function measure(
  server: Run["server"],
  target: Target,
  load: Load,
  connections: number,
  dynamodbPid: number,
): Promise<Run> {
  await cannon(target, load, connections, warmupSeconds);
  const nodeBefore = processCpuMs(process.pid);
  const javaBefore = processCpuMs(dynamodbPid);
  const result = await cannon(target, load, connections, seconds);
  const requests = Math.max(1, result.requests.total);
  return {
    server,
    route: load.name,
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    nodeCpuMsPerRequest: Math.round(((processCpuMs(process.pid) - nodeBefore) / requests) * 100) / 100,
    dynamodbCpuMsPerRequest: Math.round(((processCpuMs(dynamodbPid) - javaBefore) / requests) * 100) / 100,
  };
}

/** One request whose answer must arrive whole: its status, or the error that cut it. */
function call(agent: Agent, url: string, authorization: string): Promise<number | string> {
  return new Promise((settle) => {
    const outgoing = httpRequest(url, { agent, headers: { authorization } }, (response) => {
      response.resume();
      response.on("end", () => settle(response.statusCode ?? 0));
      response.on("error", (error) => settle(error.message));
    });
    outgoing.on("error", (error) => settle(error.message));
    outgoing.end();
  });
}

/** The status and ms of an access log line (`GET /v1/x → GET /x 200 3.1ms <id>`). */
const accessStatus = (line: string) => Number(/ (\d{3}) [\d.]+ms \S+( \(.*\))?$/.exec(line)?.[1] ?? 0);

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export const twinSection: Section = {
  name: "twin",
  title: "Local twin throughput",
  async run({ log, root }: BenchContext): Promise<SectionResult> {
    const dynamodb = await startDynamoDb({ inMemory: true });
    const dynamodbPid = treeMemory(process.pid).descendants.find((child) => child.name === "java")?.pid;
    if (dynamodbPid === undefined) throw new Error("DynamoDB Local's JVM is not a child of the bench.");
    const dataDir = await mkdtemp(join(tmpdir(), "portico-bench-twin-"));
    const tableName = "bench-twin";
    await ensureTable(dynamodb.client(), createTableInput(tableName));
    const logged: string[] = [];
    const twin = await startDevServer({
      app: { ...app, api: { ...app.api, throttling: benchThrottling } },
      appDir: join(root, "app"),
      port: 0,
      dataDir,
      inMemory: true,
      dynamodbEndpoint: dynamodb.endpoint,
      dynamodbAccessKeyId: dynamodb.accessKeyId,
      tableName,
      watch: false,
      log: (line) => logged.push(line),
    });
    let bare: Awaited<ReturnType<typeof startBareServer>> | undefined;
    try {
      await twin.ready;
      const bearer = async (sub: string) => `Bearer ${(await twin.tokenIssuer.issue({ sub })).access_token}`;
      const tokens = {
        reader: [await bearer("bench-reader")],
        writers: await Promise.all(Array.from({ length: writers }, (_, n) => bearer(`bench-writer-${n}`))),
      };
      const post = async (authorization: string, path: string, body: unknown) => {
        const reply = await fetch(`${twin.apiUrl}${path}`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (reply.status !== 201) throw new Error(`seeding ${path} answered ${reply.status}`);
      };
      for (const [n, authorization] of [...tokens.reader, ...tokens.writers].entries()) {
        await post(authorization, "/users", {
          username: `bench_user_${n}`,
          firstName: "Bench",
          lastName: `User ${n}`,
          email: `bench${n}@example.com`,
        });
      }
      const [reader] = tokens.reader as [string];
      for (let n = 0; n < seededTodos; n++) await post(reader, "/users/me/todos", { title: `todo ${n}` });

      // The baseline runs the same modules with the environment the twin gives each function.
      const description = describeApp(app);
      const plan = localGatewayPlan(description, resolve(root, "app"), {
        tableName,
        cursorSecret: "bench-cursor-secret-0123456789abcdef0123456789abcdef",
        dynamodbEndpoint: dynamodb.endpoint,
        accessKeyId: dynamodb.accessKeyId,
        bucketName: description.bucket.name,
        s3Endpoint: "http://127.0.0.1:9",
        s3Credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
      });
      const bareRoutes: BareRoute[] = [];
      for (const load of loads) {
        const route = plan.routes.find((candidate) => candidate.routeKey === load.routeKey);
        const fn = plan.functions.find((candidate) => candidate.name === route?.functionName);
        if (fn === undefined) throw new Error(`The app has no function for ${load.routeKey}.`);
        Object.assign(process.env, fn.environment);
        const module = (await import(fn.module)) as { handler: BareRoute["handler"] };
        bareRoutes.push({
          method: load.method,
          url: `/${plan.stage}${load.path}`,
          routeKey: load.routeKey,
          pathParameters: { userId: "me" },
          handler: module.handler,
        });
      }
      bare = await startBareServer(plan.stage, bareRoutes);
      const bareUrl = bare.url;

      const targetsOf = (load: Load) => {
        const headers = tokens[load.user].map((authorization) => ({
          authorization,
          ...(load.body === undefined ? {} : { "content-type": "application/json" }),
        }));
        return {
          twin: { url: `${twin.apiUrl}${load.path}`, headers },
          bare: { url: `${bareUrl}/${plan.stage}${load.path}`, headers },
        };
      };
      for (const load of loads) {
        for (const target of Object.values(targetsOf(load))) {
          await cannon(target, load, connectionCounts[0], firstWarmupSeconds);
        }
      }
      const runs: Run[] = [];
      for (const [c, connections] of connectionCounts.entries()) {
        for (const [l, load] of loads.entries()) {
          const targets = targetsOf(load);
          // Alternate who goes first, so neither always meets a warmer JIT or a fuller table.
          const order: Run["server"][] = (c + l) % 2 === 0 ? ["twin", "bare"] : ["bare", "twin"];
          for (const server of order) {
            const run = await measure(server, targets[server], load, connections, dynamodbPid);
            log(
              `${server} ${load.name} ×${connections}: ${run.requestsPerSecond} req/s, p50 ${run.p50} ms, ` +
                `p99 ${run.p99} ms, ${run.errors} errors`,
            );
            runs.push(run);
          }
        }
      }
      await bare.close();
      bare = undefined;

      // Stop under load: 100 requests in flight on 100 open connections, the stop called as the
      // first is answered. (Connections still in the listen backlog when the listener closes are
      // reset by the kernel, whatever the server does: they are opened first.)
      const loggedBeforeStop = logged.length;
      const agent = new Agent({ keepAlive: true, maxSockets: 100 });
      const listUrl = `${twin.apiUrl}/users/me/todos`;
      await Promise.all(Array.from({ length: 100 }, () => call(agent, listUrl, reader)));
      let stopping: Promise<void> | undefined;
      const stopStarted = { at: 0 };
      const inFlight = Array.from({ length: 100 }, () =>
        call(agent, listUrl, reader).then((outcome) => {
          stopStarted.at ||= performance.now();
          stopping ??= twin.stop();
          return outcome;
        }),
      );
      const outcomes = await Promise.all(inFlight);
      await stopping;
      const stopMs = Math.round(performance.now() - stopStarted.at);
      agent.destroy();
      const unanswered = outcomes.filter((outcome) => outcome !== 200);
      const stopLines = logged.slice(loggedBeforeStop).filter((line) => accessStatus(line) !== 200);
      const badLines = logged.filter((line) => accessStatus(line) >= 500 || /stopped:/.test(line));

      return report(runs, { requests: outcomes.length, unanswered, stopLines, badLines, stopMs });
    } finally {
      await bare?.close();
      await twin.stop();
      await dynamodb.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

interface StopCheck {
  readonly requests: number;
  readonly unanswered: readonly (number | string)[];
  /** Lines the twin logged from the stop on that were not a 200's access line. */
  readonly stopLines: readonly string[];
  /** 5xx access lines, and the drain's "stopped:" line, over the whole section. */
  readonly badLines: readonly string[];
  readonly stopMs: number;
}

function report(runs: readonly Run[], stop: StopCheck): SectionResult {
  const find = (server: Run["server"], route: string, connections: number) =>
    runs.find(
      (run) => run.server === server && run.route === route && run.connections === connections,
    ) as Run;
  const pairs = connectionCounts.flatMap((connections) =>
    loads.map((load) => {
      const twin = find("twin", load.name, connections);
      const bare = find("bare", load.name, connections);
      return {
        route: load.name,
        connections,
        twin,
        bare,
        throughput: ratio(twin.requestsPerSecond, bare.requestsPerSecond),
        p99: ratio(twin.p99, bare.p99),
      };
    }),
  );
  const verdicts: Verdict[] = [];
  for (const connections of connectionCounts) {
    const at = pairs.filter((pair) => pair.connections === connections);
    const slowest = at.reduce((worst, pair) => (pair.throughput < worst.throughput ? pair : worst));
    verdicts.push({
      subject: `twin requests/s, ${connections} connections (worst route)`,
      budget: `≥ ${throughputTarget.toFixed(1)}× bare node:http`,
      measured: `${slowest.throughput}× (${slowest.route}: ${slowest.twin.requestsPerSecond} vs ${slowest.bare.requestsPerSecond} req/s)`,
      met: slowest.throughput >= throughputTarget,
    });
    const latest = at.reduce((worst, pair) => (pair.p99 > worst.p99 ? pair : worst));
    verdicts.push({
      subject: `twin p99, ${connections} connections (worst route)`,
      budget: `≤ ${p99Target}× bare node:http`,
      measured: `${latest.p99}× (${latest.route}: ${latest.twin.p99} vs ${latest.bare.p99} ms)`,
      met: latest.p99 <= p99Target,
    });
  }
  const errors = runs.reduce((sum, run) => sum + run.errors, 0);
  verdicts.push({
    subject: "errors and non-2xx under load",
    budget: "0",
    measured: String(errors),
    met: errors === 0,
  });
  const drained = stop.unanswered.length === 0 && stop.stopLines.length === 0 && stop.badLines.length === 0;
  verdicts.push({
    subject: "twin stopped with 100 requests in flight",
    budget: "all answered 200, no 5xx or crash logged",
    measured: drained
      ? `${stop.requests} answered 200, stopped in ${stop.stopMs} ms`
      : `${stop.unanswered.length} not answered 200 (${[...new Set(stop.unanswered)].join(", ")}); ${stop.stopLines.length + stop.badLines.length} lines logged`,
    met: drained,
  });
  return {
    figures: { seconds, warmupSeconds, firstWarmupSeconds, seededTodos, runs, stop },
    table: {
      columns: [
        "route",
        "connections",
        "twin req/s",
        "bare req/s",
        "twin/bare",
        "twin p50 / p99 ms",
        "bare p50 / p99 ms",
        "p99 twin/bare",
        "DynamoDB Local CPU ms/req (twin, bare)",
      ],
      rows: pairs.map((pair) => [
        pair.route,
        pair.connections,
        pair.twin.requestsPerSecond,
        pair.bare.requestsPerSecond,
        `${pair.throughput}×`,
        `${pair.twin.p50} / ${pair.twin.p99}`,
        `${pair.bare.p50} / ${pair.bare.p99}`,
        `${pair.p99}×`,
        `${pair.twin.dynamodbCpuMsPerRequest}, ${pair.bare.dynamodbCpuMsPerRequest}`,
      ]),
    },
    verdicts,
    notes: [
      `autocannon on loopback, ${seconds} s per run after a ${warmupSeconds} s warm-up (and ${firstWarmupSeconds} s ` +
        "per server and route before the first run), in its own worker thread; " +
        "the twin and the bare server take turns going first.",
      "twin: the dev server (gateway, JWT authorizer, stage throttle, functions in worker-thread sandboxes, " +
        "access log) on DynamoDB Local in memory. bare: one node:http thread calling the same handler modules " +
        "with the same event, no authorizer, on the same table.",
      `The list is of a user with ${seededTodos} todos; the writes rotate over ${writers} users' tokens. On this 2-core machine DynamoDB Local's JVM takes most ` +
        "of a request's CPU; the twin can spread its own work over worker threads, the bare server cannot.",
    ],
  };
}
