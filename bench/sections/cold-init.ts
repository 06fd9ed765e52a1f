/**
 * Section `cold-init`: each function's cold start as Lambda does it, in a fresh `node` (the bench's
 * own binary, no loader, no flag): process start → handler loaded (init), then its first invocation
 * with an API Gateway v2 event built by the local gateway's own builder, against a DynamoDB Local
 * started in memory for the run. Against a hello-world handler bundled with the same options in the
 * same run (DESIGN.md: within 1.5×). The AWS SDK is external, as the stack bundles it (Lambda's runtime
 * provides it; here it loads from node_modules); the same functions with the SDK clients bundled in
 * (tree-shaken) are measured too, so the choice between the two rests on figures.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { app } from "../../app/portico.config.js";
import { functionEnvironment } from "../../src/local/dev/function-environment.js";
import { buildEvent } from "../../src/local/gateway/event.js";
import { ensureTable, startDynamoDb } from "../../src/local/services/dynamodb/index.js";
import { describeApp, type FunctionDescription } from "../../src/model/index.js";
import { createTableInput, type HttpApiEvent } from "../../src/runtime/index.js";
import {
  buildFunctionBundles,
  buildHelloWorldBundle,
  buildSdkHelloWorldBundle,
  type FunctionBundle,
  helloWorldName,
  sdkHelloWorldName,
} from "../support/function-bundles.js";
import type { Section } from "../support/section.js";
import { median } from "../support/statistics.js";
import { kilobytes } from "./bundles.js";

/** DESIGN.md, Budgets: a function's cold init within this many times a hello-world handler's. */
export const coldInitBudgetRatio = 1.5;
const runs = 5;
/** AWS's published p50 init duration of a hello-world function on nodejs22.x, arm64 (ms). */
const publishedHelloWorldInitMs = 129;

const run = promisify(execFile);
const harness = new URL("../support/cold-start.mjs", import.meta.url).pathname;
const description = describeApp(app);

interface ColdStart {
  readonly initMs: number;
  readonly invokeMs: number;
  readonly statusCode: number | null;
}

const milliseconds = (value: number): string => `${value.toFixed(1)} ms`;

/**
 * A caller's own id for round `round` of a set of bundles: each round creates its own user, and the
 * SDK-bundled set has callers of its own, so both sets do the same work.
 */
const callerId = (round: number, set: string) => `bench-${set}-${round}`;
/** A well-formed id of a todo that does not exist: its routes read, then answer 404. */
const absentTodoId = "01900000-0000-7000-8000-000000000000";

const userBody = (round: number, set: string) => ({
  username: `bench_${set.replaceAll("-", "_")}_${round}`,
  firstName: "Bench",
  lastName: "Caller",
  email: `bench-${set}-${round}@example.com`,
});

/** The request each route's function serves first: a valid one, as a client would send it. */
function request(
  fn: FunctionDescription,
  round: number,
  set: string,
): { path: string; body?: unknown; contentType?: string } {
  if (fn.trigger.kind !== "http") throw new Error(`${fn.name} is not an HTTP function`);
  const [method, template] = fn.trigger.routeKey.split(" ") as [string, string];
  const path = template.replace("{userId}", callerId(round, set)).replace("{todoId}", absentTodoId);
  const todo = template.includes("/todos");
  if (method === "POST" && template.endsWith("/avatar")) return { path, body: { contentType: "image/png" } };
  if (method === "POST" && template.endsWith("/attachments"))
    return { path, body: { contentType: "application/pdf" } };
  if (method === "POST" || method === "PUT")
    return { path, body: todo ? { title: "Bench", done: false } : userBody(round, set) };
  if (method === "PATCH")
    return {
      path,
      body: todo ? { done: true } : { bio: "bench" },
      contentType: "application/merge-patch+json",
    };
  return { path };
}

function httpEvent(fn: FunctionDescription, round: number, set: string): HttpApiEvent {
  if (fn.trigger.kind !== "http") throw new Error(`${fn.name} is not an HTTP function`);
  const routeKey = fn.trigger.routeKey;
  const { path, body, contentType } = request(fn, round, set);
  const text = body === undefined ? "" : JSON.stringify(body);
  const stage = app.api.stage;
  const now = Date.now();
  const template = routeKey.split(" ")[1] as string;
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const values = path.split("/").filter((_, index) => template.split("/")[index]?.startsWith("{"));
  const pathParameters =
    names.length === 0
      ? undefined
      : Object.fromEntries(names.map((name, index) => [name, values[index] ?? ""]));
  const isPublic = routeKey === "GET /health";
  return buildEvent(
    {
      method: routeKey.split(" ")[0] as string,
      url: `/${stage}${path}`,
      rawHeaders: [
        "Host",
        "127.0.0.1:3000",
        "User-Agent",
        "portico-bench",
        ...(text === "" ? [] : ["Content-Type", contentType ?? "application/json"]),
      ],
      body: Buffer.from(text),
      sourceIp: "127.0.0.1",
      localPort: 3000,
    },
    {
      routeKey,
      stage,
      requestId: `cold${String(round).padStart(4, "0")}=`,
      now,
      pathParameters,
      apiId: "local",
      accountId: "000000000000",
      ...(isPublic
        ? {}
        : {
            authorizer: {
              claims: { sub: callerId(round, set), scope: app.auth.adminScope },
              scopes:
                fn.name.endsWith("-list") && !template.includes("/todos") ? [app.auth.adminScope] : null,
            },
          }),
    },
  );
}

/** An ObjectCreated event for the file recorder: a key outside the app's layout, which it ignores. */
function s3Event(): unknown {
  return {
    Records: [
      {
        eventSource: "aws:s3",
        eventName: "ObjectCreated:Post",
        s3: { bucket: { name: "bench-files" }, object: { key: "bench/not-a-file", size: 1 } },
      },
    ],
  };
}

interface Subject {
  readonly bundle: FunctionBundle;
  /** The event of round `round`. */
  event(round: number): unknown;
  readonly env: Record<string, string>;
}

async function coldStart(subject: Subject, round: number): Promise<ColdStart> {
  const { stdout } = await run(
    process.execPath,
    [harness, subject.bundle.file, JSON.stringify(subject.event(round))],
    {
      env: { PATH: process.env.PATH ?? "", ...subject.env },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as ColdStart;
}

interface Measured {
  readonly name: string;
  readonly bytes: number;
  readonly initMs: number;
  readonly invokeMs: number;
  readonly totalMs: number;
  readonly statusCodes: readonly (number | null)[];
}

/** A round's deletes come last, the deepest first, so its other routes find the caller's items. */
function roundRank(subject: Subject): number {
  const trigger = subject.bundle.fn?.trigger;
  if (trigger?.kind !== "http" || !trigger.routeKey.startsWith("DELETE ")) return 0;
  return 1000 - trigger.routeKey.split("/").length;
}

const deletesLast = (a: Subject, b: Subject): number => roundRank(a) - roundRank(b);

/** Every subject `runs` times, round-robin, so a slow moment of the machine hits all alike. */
async function measure(subjects: readonly Subject[]): Promise<Measured[]> {
  const samples = new Map<string, ColdStart[]>(subjects.map((subject) => [subject.bundle.name, []]));
  const order = [...subjects].sort(deletesLast);
  for (let round = 0; round < runs; round++)
    for (const subject of order) samples.get(subject.bundle.name)?.push(await coldStart(subject, round));
  return subjects.map((subject) => {
    const starts = samples.get(subject.bundle.name) ?? [];
    return {
      name: subject.bundle.name,
      bytes: subject.bundle.bytes,
      initMs: median(starts.map((start) => start.initMs)),
      invokeMs: median(starts.map((start) => start.invokeMs)),
      totalMs: median(starts.map((start) => start.initMs + start.invokeMs)),
      statusCodes: [...new Set(starts.map((start) => start.statusCode))],
    };
  });
}

/** One function of each set of SDK clients: which set a bundle imports decides what bundling it in costs. */
function bySdkClients(bundles: readonly FunctionBundle[]): FunctionBundle[] {
  const seen = new Set<string>();
  return bundles.filter((bundle) => {
    const key = bundle.externalImports.filter((path) => path.startsWith("@aws-sdk/")).join(" ");
    if (key === "" || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export const coldInitSection: Section = {
  name: "cold-init",
  title: "Cold init",
  async run({ log, root }) {
    // Inside the project, so a bundle's external `@aws-sdk/*` resolves from its node_modules.
    const cache = join(root, "node_modules", ".cache");
    mkdirSync(cache, { recursive: true });
    const outdir = mkdtempSync(join(cache, "portico-bench-cold-init-"));
    const dynamodb = await startDynamoDb();
    try {
      const tableName = "bench-cold-init";
      const client = dynamodb.client();
      await ensureTable(client, createTableInput(tableName));
      log(`DynamoDB Local at ${dynamodb.endpoint}, table ${tableName}`);
      const endpoints = {
        tableName,
        cursorSecret: randomBytes(32).toString("hex"),
        dynamodbEndpoint: dynamodb.endpoint,
        accessKeyId: dynamodb.accessKeyId,
        bucketName: "bench-files",
        // No S3 is started: no first request here reaches it (presigning is local).
        s3Endpoint: "http://127.0.0.1:9",
        s3Credentials: { accessKeyId: "bench", secretAccessKey: "bench-secret" },
      };
      // The environment of a function that reads the table only: what the SDK baseline needs too.
      const reader = description.functions.find((fn) => fn.environment.length === 1);
      const baselineEnv = reader === undefined ? {} : functionEnvironment(description, reader, endpoints);
      const subjectOf = (bundle: FunctionBundle, set: string): Subject => {
        const fn = bundle.fn;
        if (fn === undefined) return { bundle, event: () => ({}), env: baselineEnv };
        return {
          bundle,
          event: (round) => (fn.trigger.kind === "s3" ? s3Event() : httpEvent(fn, round, set)),
          env: functionEnvironment(description, fn, endpoints),
        };
      };
      const hello = await buildHelloWorldBundle({ outdir: join(outdir, "external") });
      const sdkHello = await buildSdkHelloWorldBundle({ outdir: join(outdir, "external") });
      const bundles = await buildFunctionBundles({ outdir: join(outdir, "external") });
      const chosen = new Set(bySdkClients(bundles).map((bundle) => bundle.name));
      const sdkBundled = (
        await buildFunctionBundles({ outdir: join(outdir, "sdk-bundled"), externalModules: [] })
      )
        .filter((bundle) => chosen.has(bundle.name))
        .map((bundle) => ({ ...bundle, name: `${bundle.name} (SDK bundled)` }));
      const subjects = [
        subjectOf(hello, "external"),
        subjectOf(sdkHello, "external"),
        ...bundles.map((bundle) => subjectOf(bundle, "external")),
        ...sdkBundled.map((bundle) => subjectOf(bundle, "sdk-bundled")),
      ];
      const loadBefore = loadavg()[0] ?? 0;
      log(
        `measuring ${subjects.length} bundles, ${runs} cold starts each (load average ${loadBefore.toFixed(1)})`,
      );
      const measured = await measure(subjects);
      const baseline = measured.find((entry) => entry.name === helloWorldName) as Measured;
      const sdkBaseline = measured.find((entry) => entry.name === sdkHelloWorldName) as Measured;
      const rows = measured.map((entry) => ({
        ...entry,
        ratio: entry.totalMs / baseline.totalMs,
        sdkRatio: entry.totalMs / sdkBaseline.totalMs,
      }));
      for (const row of rows)
        log(
          `${row.name}: init ${milliseconds(row.initMs)}, first invocation ${milliseconds(row.invokeMs)}, ${row.ratio.toFixed(2)}×`,
        );
      const functions = rows.filter(
        (row) =>
          row.name !== helloWorldName &&
          row.name !== sdkHelloWorldName &&
          !row.name.endsWith("(SDK bundled)"),
      );
      const worst = functions.reduce((a, b) => (b.ratio > a.ratio ? b : a));
      return {
        figures: { runs, loadAverage: loadBefore, baseline, sdkBaseline, rows },
        table: {
          columns: [
            "bundle",
            "size",
            "init (median)",
            "first invocation (median)",
            "init + invocation",
            "× hello world",
            "× hello world + GetItem",
            "status",
          ],
          rows: rows.map((row) => [
            row.name,
            kilobytes(row.bytes),
            milliseconds(row.initMs),
            milliseconds(row.invokeMs),
            milliseconds(row.totalMs),
            `${row.ratio.toFixed(2)}×`,
            `${row.sdkRatio.toFixed(2)}×`,
            row.statusCodes.join("/"),
          ]),
        },
        verdicts: [
          {
            subject: "cold init",
            budget: `≤ ${coldInitBudgetRatio}× hello world`,
            measured: `${worst.ratio.toFixed(2)}× (${worst.name}: ${milliseconds(worst.totalMs)} vs ${milliseconds(baseline.totalMs)})`,
            met: worst.ratio <= coldInitBudgetRatio,
          },
        ],
        notes: [
          `Median of ${runs} fresh \`node\` processes each (${process.version}, no flags), round-robin; init is process start → handler loaded, on the process's own clock. One-minute load average when measuring began: ${loadBefore.toFixed(1)} on ${availableParallelism()} cores (other work on the machine slows every row alike; read the ratios).`,
          `"hello world + GetItem" is the smallest handler that reads DynamoDB (the SDK's client, one GetItem): the SDK's own share of a cold start, which no change to Portico removes; its column is Portico's cost over it.`,
          `AWS publishes about ${publishedHelloWorldInitMs} ms p50 init for a hello-world function on nodejs22.x arm64: multiply a ratio by it for a rough Lambda figure.`,
          'The stack\'s bundles leave `@aws-sdk/*` to the runtime (here loaded from node_modules); the "(SDK bundled)" rows are one function per set of SDK clients with the clients bundled in, tree-shaken.',
          "Each round creates a user of its own: its user routes answer 200 (its delete, run last, 204); its avatar has no file and the todo id is one that does not exist, so those routes read once and answer 404; the file recorder gets a key outside the layout, which it ignores (no S3 runs here).",
        ],
      };
    } finally {
      await dynamodb.stop();
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};
