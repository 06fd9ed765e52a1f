/**
 * The child process behind the `warm` and `cost` sections (`route-runs.ts` starts it): its stdout
 * carries the functions' own output (Powertools' metric lines, as on Lambda) and is thrown away, so
 * the handlers do all the work they do on AWS. It sends its figures to the parent over IPC.
 *
 * - cost: `costPasses` passes of the lifecycle against DynamoDB Local and the embedded S3, each
 *   request asking for its ConsumedCapacity: requests, capacity units and duration per function.
 * - warm: one pass recorded, then each step replayed from memory at the transport (no socket):
 *   the median CPU time per invocation, beside the same routes written with Express and with Middy.
 */
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { app } from "../../app/portico.config.js";
import { expressHandler } from "../baselines/express.js";
import { middyHandlers } from "../baselines/middy.js";
import { callerOf, tutorialTodos } from "../baselines/tutorial-todos.js";
import {
  handlerOf,
  type Invoke,
  lifecycle,
  type Session,
  type Step,
  type StepResult,
} from "./route-lifecycle.js";
import type { CostRow, RouteRunResults, WarmRow } from "./route-runs.js";
import { type Instrumented, type RouteServices, startRouteServices } from "./route-services.js";
import { median } from "./statistics.js";

const costPasses = Number(process.env.BENCH_COST_PASSES ?? 8);
const warmupInvocations = Number(process.env.BENCH_WARM_WARMUP ?? 200);
const measuredInvocations = Number(process.env.BENCH_WARM_INVOCATIONS ?? 1_000);

let sessions = 0;
function newSession(): Session {
  sessions++;
  return { sub: `bench-${process.pid}-${sessions}`, username: `bench_${process.pid}_${sessions}` };
}

function check(step: Step, result: StepResult): void {
  if (result.statusCode !== step.expect)
    throw new Error(
      `${step.trigger} answered ${result.statusCode}, not ${step.expect}: ${result.body ?? ""}`,
    );
}

const readCommands = new Set([
  "GetCommand",
  "GetItemCommand",
  "QueryCommand",
  "BatchGetItemCommand",
  "BatchGetCommand",
  "TransactGetItemsCommand",
  "TransactGetCommand",
]);

async function measureCost(services: RouteServices): Promise<CostRow[]> {
  const steps = lifecycle.map((step) => {
    const clients = services.instrument({ consumedCapacity: true });
    return {
      step,
      clients,
      invoke: handlerOf(step, clients),
      samples: [] as { ms: number; dynamodb: number; read: number; write: number; s3: string[] }[],
    };
  });
  for (let pass = 0; pass < costPasses; pass++) {
    const session = newSession();
    for (const entry of steps) {
      for (let time = 0; time < (entry.step.times ?? 1); time++) {
        const event = await entry.step.event(session, services);
        entry.clients.reset();
        const started = performance.now();
        const result = await entry.invoke(event);
        const ms = performance.now() - started;
        check(entry.step, result);
        await entry.step.after?.(result, session, services);
        const units = (read: boolean) =>
          entry.clients.consumed
            .filter((c) => readCommands.has(c.command) === read)
            .reduce((sum, c) => sum + c.capacityUnits, 0);
        entry.samples.push({
          ms,
          dynamodb: entry.clients.dynamodb.requests,
          read: units(true),
          write: units(false),
          s3: entry.clients.s3.methods,
        });
      }
    }
  }
  return steps.map(({ step, samples }) => {
    const mean = (pick: (sample: (typeof samples)[number]) => number) =>
      samples.reduce((sum, s) => sum + pick(s), 0) / samples.length;
    return {
      functionName: step.functionName,
      trigger: step.trigger,
      invocations: samples.length,
      medianMs: median(samples.map((s) => s.ms)),
      dynamodbRequests: mean((s) => s.dynamodb),
      readUnits: mean((s) => s.read),
      writeUnits: mean((s) => s.write),
      s3Gets: mean((s) => s.s3.filter((method) => method === "GET" || method === "HEAD").length),
      s3Puts: mean((s) => s.s3.filter((method) => method === "PUT" || method === "POST").length),
      s3Deletes: mean((s) => s.s3.filter((method) => method === "DELETE").length),
    };
  });
}

interface Measured {
  readonly implementation: WarmRow["implementation"];
  readonly step: Step;
  readonly clients: Instrumented;
  readonly invoke: Invoke;
  event?: unknown;
  /** The status of the recorded invocation: every replay must answer it too. */
  status?: number;
}

/** The Express and Middy versions of the three routes the tutorials show, by Portico's route key. */
function baselinesFor(services: RouteServices): Map<string, Omit<Measured, "step">[]> {
  const make = (
    implementation: WarmRow["implementation"],
    pick: (doc: DynamoDBDocumentClient) => (event: unknown) => Promise<unknown>,
  ) => {
    const clients = services.instrument();
    const handler = pick(DynamoDBDocumentClient.from(clients.store.client));
    return {
      implementation,
      clients,
      invoke: async (event: unknown) => (await handler(event)) as StepResult,
    };
  };
  const context = {};
  const express = (doc: DynamoDBDocumentClient) => {
    const handler = expressHandler(doc, services.tableName);
    return (event: unknown) => handler(event as never, context as never) as Promise<unknown>;
  };
  // The floor: the DynamoDB request alone, through the same document client, no HTTP handling.
  const sdk = (name: keyof ReturnType<typeof tutorialTodos>) => (doc: DynamoDBDocumentClient) => {
    const data = tutorialTodos(doc, services.tableName);
    return async (event: unknown) => {
      const sub = callerOf(event);
      const done =
        name === "createTodo" ? data.createTodo(sub, { title: "Benchmark the API" }) : data[name](sub);
      await done;
      return { statusCode: name === "createTodo" ? 201 : 200 };
    };
  };
  const middy = (name: keyof ReturnType<typeof middyHandlers>) => (doc: DynamoDBDocumentClient) => {
    const handler = middyHandlers(doc, services.tableName)[name] as (
      event: unknown,
      context: unknown,
    ) => Promise<unknown>;
    return (event: unknown) => handler(event, context);
  };
  return new Map([
    [
      "GET /users/{userId}",
      [make("express", express), make("middy", middy("getProfile")), make("sdk", sdk("profile"))],
    ],
    [
      "POST /users/{userId}/todos",
      [make("express", express), make("middy", middy("createTodo")), make("sdk", sdk("createTodo"))],
    ],
    [
      "GET /users/{userId}/todos",
      [make("express", express), make("middy", middy("listTodos")), make("sdk", sdk("listTodos"))],
    ],
  ]);
}

async function measureWarm(services: RouteServices): Promise<WarmRow[]> {
  const baselines = baselinesFor(services);
  const measured: Measured[] = [];
  const session = newSession();
  // Record: one pass against the real services, each step's last invocation kept.
  for (const step of lifecycle) {
    const clients = services.instrument();
    const entry: Measured = { implementation: "portico", step, clients, invoke: handlerOf(step, clients) };
    for (let time = 0; time < (step.times ?? 1); time++) {
      entry.event = await step.event(session, services);
      clients.reset();
      const result = await entry.invoke(structuredClone(entry.event));
      check(step, result);
      entry.status = result.statusCode;
      await step.after?.(result, session, services);
    }
    measured.push(entry);
    for (const baseline of baselines.get(step.trigger) ?? []) {
      baseline.clients.reset();
      const result = await baseline.invoke(structuredClone(entry.event));
      if (result.statusCode !== step.expect)
        throw new Error(
          `${baseline.implementation} ${step.trigger} answered ${result.statusCode}: ${result.body ?? ""}`,
        );
      measured.push({ ...baseline, step, event: entry.event, status: result.statusCode });
    }
  }
  // Replay: the same event, answered from memory, many times.
  const rows: WarmRow[] = [];
  for (const entry of measured) {
    entry.clients.replay();
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let index = 0; index < warmupInvocations + measuredInvocations; index++) {
      entry.clients.reset();
      // Its own copy: a framework may write into the event it is given.
      const event = structuredClone(entry.event);
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const result = await entry.invoke(event);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpuBefore);
      if (result.statusCode !== entry.status)
        throw new Error(
          `${entry.implementation} ${entry.step.trigger} replayed ${result.statusCode}, recorded ${entry.status}: ${result.body ?? ""}`,
        );
      if (index >= warmupInvocations) {
        wall.push(ms);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    rows.push({
      functionName: entry.step.functionName,
      trigger: entry.step.trigger,
      implementation: entry.implementation,
      medianCpuMs: median(cpu),
      medianWallMs: median(wall),
      invocations: measuredInvocations,
    });
  }
  return rows;
}

const services = await startRouteServices(app);
try {
  const wanted = new Set((process.env.BENCH_ROUTE_PARTS ?? "cost,warm").split(","));
  const results: RouteRunResults = {
    cost: wanted.has("cost") ? await measureCost(services) : [],
    warm: wanted.has("warm") ? await measureWarm(services) : [],
  };
  await new Promise<void>((resolve, reject) =>
    process.send?.(results, (error: Error | null) => (error ? reject(error) : resolve())),
  );
} finally {
  await services.stop();
}
