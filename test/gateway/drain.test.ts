/**
 * Stopping the local gateway drains it (http-drain.ts): every request in flight gets a complete
 * answer — its function's, or API Gateway's 503 once the grace runs out — on a connection that
 * then closes, and new connections are refused from the moment the drain starts.
 */
import { Agent, createServer, request as httpGet, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpDrain, type HttpDrain } from "../../src/local/dev/http-drain.js";
import { createGateway } from "../../src/local/gateway/gateway.js";
import { FunctionPool } from "../../src/local/gateway/invoker/function-pool.js";

const behaviours = fileURLToPath(
  new URL("../../src/local/gateway/invoker/test-functions/behaviours.ts", import.meta.url),
);

let pool: FunctionPool;

beforeAll(() => {
  pool = new FunctionPool([
    { name: "slow", module: behaviours, exportName: "slow", timeoutMs: 5_000, environment: {} },
    { name: "hangs", module: behaviours, exportName: "hangs", timeoutMs: 20_000, environment: {} },
  ]);
});

afterAll(async () => {
  await pool.close();
});

/** A gateway on its own port with a drain, as the dev server sets one up. */
async function drainedGateway(): Promise<{ port: number; drain: HttpDrain; stopping: AbortController }> {
  const stopping = new AbortController();
  const gateway = createGateway({
    stage: "v1",
    routes: [
      { routeKey: "GET /slow", functionName: "slow", authorized: false, scopes: [] },
      { routeKey: "GET /hangs", functionName: "hangs", authorized: false, scopes: [] },
    ],
    invoker: pool,
    stopping: stopping.signal,
  });
  let drain: HttpDrain | undefined;
  const server = createServer((request, response) => {
    drain?.track(request, response);
    gateway(request, response);
  });
  drain = createHttpDrain(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, drain, stopping };
}

interface Answer {
  readonly status: number;
  readonly connection: string | undefined;
  readonly body: string;
}

/** A GET whose answer must arrive whole: a socket hang-up or a reset rejects. */
function get(port: number, path: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpGet({ host: "127.0.0.1", port, path, agent }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          connection: response.headers.connection,
          body: Buffer.concat(chunks).toString("utf8"),
        }),
      );
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("draining the gateway on stop", () => {
  it("answers every request in flight in full, closes their connections and refuses new ones", async () => {
    const { port, drain, stopping } = await drainedGateway();
    const agent = new Agent({ keepAlive: true });
    // Warm: the function's sandbox is up, and the agent holds 8 idle keep-alive sockets (reused below).
    await Promise.all(Array.from({ length: 8 }, () => get(port, "/v1/slow?ms=1", agent)));
    const answers = Promise.all(Array.from({ length: 16 }, () => get(port, "/v1/slow?ms=300", agent)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const drained = drain.drain(5_000, () => stopping.abort());
    expect(await connects(port)).toBe(false);
    const settled = await answers;
    expect(settled.map((answer) => [answer.status, answer.connection])).toEqual(
      settled.map(() => [200, "close"]),
    );
    expect(await drained).toBe(0);
    expect(stopping.signal.aborted).toBe(false);
    agent.destroy();
  });

  it("answers API Gateway's 503 for a function still running when the grace runs out", async () => {
    const { port, drain, stopping } = await drainedGateway();
    const agent = new Agent({ keepAlive: true });
    const hanging = get(port, "/v1/hangs", agent);
    const quick = get(port, "/v1/slow?ms=20", agent);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await drain.drain(300, () => stopping.abort())).toBe(1);
    expect((await quick).status).toBe(200);
    const answer = await hanging;
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({ message: "Service Unavailable" });
    expect(answer.connection).toBe("close");
    expect(await connects(port)).toBe(false);
    agent.destroy();
  });
});
