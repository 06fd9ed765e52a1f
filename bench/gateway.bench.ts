/**
 * `npm run bench`: the local gateway's requests/s and p99 for `GET /users/{userId}` against a bare
 * `node:http` server that calls the same handler on the same DynamoDB Local, in the same run.
 * Target (DESIGN.md, Budgets): the gateway reaches ≥ 0.8× the bare server's requests/s.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { app } from "../app/portico.config.js";
import { startDevServer } from "../src/local/dev/dev-server.js";
import { buildEvent } from "../src/local/gateway/event.js";
import { newRequestId } from "../src/local/gateway/request-id.js";
import { ensureTable, localCredentials, startDynamoDb } from "../src/local/services/dynamodb/index.js";
import { createStore, createTableInput, route } from "../src/runtime/index.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const routeKey = "GET /users/{userId}";
const subject = "bench-user";

interface Result {
  readonly name: string;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

async function load(name: string, url: string, headers: Record<string, string>): Promise<Result> {
  // Warm up: functions load, connections open, the JIT settles.
  await autocannon({ url, headers, connections, duration: Number(process.env.BENCH_WARMUP_SECONDS ?? 5) });
  const result = await autocannon({ url, headers, connections, duration: seconds });
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: non2xx,
  };
}

/** The baseline: node:http → the same handler module, in process, no gateway. */
async function bareServer(tableName: string, endpoint: string): Promise<Server> {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
  const handler = route(app, routeKey, {
    store: createStore({ tableName, cursorSecret: "bench-cursor-secret-0123456789abcdef" }),
  });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const event = buildEvent(
        {
          method: request.method ?? "GET",
          url: request.url ?? "/",
          rawHeaders: request.rawHeaders,
          body: Buffer.concat(chunks),
          sourceIp: "127.0.0.1",
          localPort: 0,
        },
        {
          routeKey,
          stage: "v1",
          requestId: newRequestId(),
          now: Date.now(),
          pathParameters: { userId: "me" },
          apiId: "bench00000",
          accountId: "000000000000",
          authorizer: { claims: { sub: subject }, scopes: null },
        },
      );
      const result = await handler(event);
      response.writeHead(result.statusCode, result.headers).end(result.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function main(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
  process.env.AWS_REGION = "us-east-1";
  const dynamodb = await startDynamoDb({ inMemory: true });
  // The bare server's store reads its credentials from the environment: the database's key.
  process.env.AWS_ACCESS_KEY_ID = dynamodb.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = localCredentials(dynamodb.accessKeyId).secretAccessKey;
  const dataDir = await mkdtemp(join(tmpdir(), "portico-bench-"));
  const tableName = "bench";
  await ensureTable(dynamodb.client(), createTableInput(tableName));
  const gateway = await startDevServer({
    // The stage's throttle (1000 req/s in the example) would cap the measurement, not the gateway.
    app: { ...app, api: { ...app.api, throttling: undefined } },
    port: 0,
    dataDir,
    inMemory: true,
    dynamodbEndpoint: dynamodb.endpoint,
    dynamodbAccessKeyId: dynamodb.accessKeyId,
    tableName,
    watch: false,
    log: () => {},
  });
  await gateway.ready;
  const { access_token } = await gateway.tokenIssuer.issue({ sub: subject });
  const authorization = `Bearer ${access_token}`;
  const created = await fetch(`${gateway.apiUrl}/users`, {
    method: "POST",
    headers: { authorization, "content-type": "application/json" },
    body: JSON.stringify({
      username: "bench_user",
      firstName: "Bench",
      lastName: "Mark",
      email: "bench@example.com",
    }),
  });
  if (created.status !== 201) throw new Error(`seeding the user failed with ${created.status}`);
  const bare = await bareServer(tableName, dynamodb.endpoint);
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1/users/me`;
  try {
    const baseline = await load("bare node:http + handler", bareUrl, { authorization });
    const local = await load("portico gateway", `${gateway.apiUrl}/users/me`, { authorization });
    const rows = [baseline, local].map((result) => ({
      server: result.name,
      "req/s": Math.round(result.requestsPerSecond),
      "p50 ms": result.p50,
      "p99 ms": result.p99,
      "non-2xx/errors": result.errors,
    }));
    console.table(rows);
    const ratio = local.requestsPerSecond / baseline.requestsPerSecond;
    const verdict = ratio >= 0.8 ? "meets" : "MISSES";
    console.log(
      `GET /users/{userId}, ${connections} connections, ${seconds} s: gateway/bare = ${ratio.toFixed(2)}× requests/s ` +
        `(${verdict} the ≥ 0.8× target); p99 ${local.p99} ms vs ${baseline.p99} ms`,
    );
  } finally {
    bare.close();
    await gateway.stop();
    await dynamodb.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
