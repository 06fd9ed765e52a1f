/**
 * A function whose dependency throws at init, over real HTTP through the local gateway and its
 * function pool: each request to it is API Gateway's opaque `500 {"message":"Internal Server
 * Error"}` (Lambda reports the init error on the invocation), and the server keeps serving its
 * other functions; only the developer's terminal (stderr) says why. Two cases: a test module whose import throws, and the app's own function
 * started without the table's name its store needs.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { answerClientError, createGateway } from "../../src/local/gateway/gateway.js";
import { FunctionPool } from "../../src/local/gateway/invoker/function-pool.js";

const testFunction = (file: string) =>
  fileURLToPath(new URL(`../../src/local/gateway/invoker/test-functions/${file}`, import.meta.url));
const functions = [
  { name: "initFails", module: testFunction("init-fails.ts") },
  { name: "echo", module: testFunction("behaviours.ts"), exportName: "echo" },
  // The app's GET /users/{userId}, with no environment: no table name, no endpoint.
  { name: "usersGet", module: fileURLToPath(new URL("../../app/functions/users-get.ts", import.meta.url)) },
];

let pool: FunctionPool;
let server: Server;
let base: string;

beforeAll(async () => {
  pool = new FunctionPool(functions.map((fn) => ({ ...fn, timeoutMs: 10_000, environment: {} })));
  server = createServer(
    createGateway({
      stage: "v1",
      routes: functions.map(({ name }) => ({
        routeKey: `GET /${name}`,
        functionName: name,
        authorized: false,
        scopes: [],
      })),
      invoker: pool,
      accessLog: () => {},
    }),
  );
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await pool.close();
});

async function expectInternalError(name: string): Promise<void> {
  const reply = await fetch(`${base}/${name}`);
  expect(reply.status).toBe(500);
  expect(reply.headers.get("content-type")).toBe("application/json");
  expect(await reply.text()).toBe('{"message":"Internal Server Error"}');
}

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the gateway writes on stderr meanwhile (it says why it answered 5xx). */
function stderrLines(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

describe("a function whose dependency throws at init", () => {
  it.each([
    ["initFails", "the dependency could not start"],
    ["usersGet", "PORTICO_TABLE_NAME is not set"],
  ])("%s answers an opaque 500 on every request, and the server keeps serving", async (name, why) => {
    const stderr = stderrLines();
    await expectInternalError(name);
    expect((await fetch(`${base}/echo`)).status).toBe(200);
    await expectInternalError(name);
    expect((await fetch(`${base}/echo`)).status).toBe(200);
    expect(stderr.filter((line) => line.includes(`[${name}]`) && line.includes(why))).toHaveLength(2);
  });
});
