/**
 * What a newcomer does: `npm start` (real npm, so `portico dev` under npm's shell), then
 * `GET /v1/health`, a token from `/_local/token` and a round of CRUD over real HTTP; the data is
 * behind DynamoDB Local's per-project key; SIGTERM or SIGINT to npm's own pid stops everything it
 * started, as a process manager or `npm start & kill $!` expects.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import type { RunningServer } from "../../src/local/dev/local-state.js";
import { freePort } from "../../src/local/services/dynamodb/free-port.js";
import { localDynamoDbClient, newAccessKeyId } from "../../src/local/services/dynamodb/index.js";
import { localDocsPath, localHost, localOrigin, localTokenPath } from "../../src/runtime/index.js";
import { waitFor } from "../support/wait-for.js";

let npm: ChildProcess;
let output = "";
let errorOutput = "";
let port: number;
let base: string;
let dataDir: string;
/** What npm started, so a failing run still ends it all. */
const startedPids = new Set<number>();

/** `npm start -- …` itself, as a user types it. */
function npmStart(): ChildProcess {
  const child = spawn("npm", ["start", "--", "--port", String(port), "--data-dir", dataDir, "--no-watch"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  child.stderr?.on("data", (chunk: Buffer) => {
    errorOutput += chunk.toString();
  });
  return child;
}

const healthy = async () =>
  (await fetch(`${base}/v1/health`, { signal: AbortSignal.timeout(2_000) })).status === 200;

/** Every process below `pid` (Linux /proc), children first found by their parent pid. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The parent pid is the 2nd field after the parenthesised command.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const [child, of] of parents) {
      if (of === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Signals npm's own pid and checks that it ends with everything it started, and frees the port. */
async function stopsEverything(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  await waitFor(async () => /data\s+DynamoDB Local/.test(output), "the DynamoDB line", {
    output: () => output,
  });
  const started = descendants(child.pid as number);
  for (const pid of started) startedPids.add(pid);
  const names = started.map((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  expect(names.some((name) => name.includes("DynamoDBLocal.jar"))).toBe(true);
  expect(names.some((name) => name.includes("bin/portico.js"))).toBe(true);
  const exited = once(child, "exit");
  child.kill(signal);
  await exited;
  await waitFor(async () => started.every((pid) => !existsSync(`/proc/${pid}`)), "npm's processes to end", {
    output: () => output,
    timeoutMs: 15_000,
  });
  // The port is free again: the next `npm start` can bind it.
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject);
    probe.listen(port, localHost, () => resolve());
  });
  await new Promise((resolve) => probe.close(resolve));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-start-"));
  port = await freePort();
  base = localOrigin(port);
  npm = npmStart();
  await waitFor(healthy, "GET /v1/health", { output: () => output });
});

afterAll(async () => {
  if (npm.exitCode === null && npm.signalCode === null) {
    npm.kill("SIGTERM");
    await once(npm, "exit");
  }
  for (const pid of startedPids) {
    if (existsSync(`/proc/${pid}`)) process.kill(pid, "SIGKILL");
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("prints the API URL with the Node.js in use, the docs URL and a ready token command", () => {
    expect(output).toContain(`${base}/v1 (Node.js ${process.version})`);
    expect(output).toContain(`${base}${localDocsPath}`);
    expect(output).toContain("npx portico token --sub alice");
  });

  it("answers GET /v1/health without a token", async () => {
    const response = await fetch(`${base}/v1/health`);
    expect(await response.json()).toEqual({ status: "ok" });
    const requestId = response.headers.get("apigw-requestid") as string;
    expect(requestId).toMatch(/^[A-Za-z0-9]{15}=$/);
    // One access-log line per request: method, path, route, status, time, request id.
    await waitFor(async () => output.includes(requestId), "the access-log line", { output: () => output });
    expect(output).toMatch(new RegExp(`GET /v1/health → GET /health 200 [\\d.]+ms ${requestId}`));
  });

  it(`serves the API with tokens from ${localTokenPath}`, async () => {
    const tokenResponse = await fetch(`${base}${localTokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "newcomer" }),
    });
    const { access_token, token_type } = (await tokenResponse.json()) as {
      access_token: string;
      token_type: string;
    };
    expect(token_type).toBe("Bearer");
    const headers = { authorization: `Bearer ${access_token}`, "content-type": "application/json" };
    const created = await fetch(`${base}/v1/users`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        username: "newcomer",
        firstName: "New",
        lastName: "Comer",
        email: "new@example.com",
      }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe("/v1/users/newcomer");
    expect(created.headers.get("etag")).toMatch(/^"[^"]+"$/);
    const read = await fetch(`${base}/v1/users/me`, { headers });
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe(created.headers.get("etag"));
    expect(await read.json()).toMatchObject({ userId: "newcomer", username: "newcomer", avatar: null });
    const anonymous = await fetch(`${base}/v1/users/me`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: "Unauthorized" });
  });

  it("serves the API reference page and the OpenAPI document locally", async () => {
    const page = await fetch(`${base}${localDocsPath}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("https://");
    const document = (await (await fetch(`${base}${localDocsPath}/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/users/{userId}/todos/{todoId}");
  });

  it("keeps the data behind a per-project DynamoDB key, in files only its owner can read", async () => {
    for (const file of ["dynamodb-access-key", "dev-server.json"]) {
      expect(((await stat(join(dataDir, file))).mode & 0o777).toString(8)).toBe("600");
    }
    // DynamoDB Local's files are the data, and are named after the key.
    expect(((await stat(join(dataDir, "dynamodb"))).mode & 0o777).toString(8)).toBe("700");
    const running = JSON.parse(await readFile(join(dataDir, "dev-server.json"), "utf8")) as RunningServer;
    expect(running.dynamodbAccessKeyId).toBe(
      (await readFile(join(dataDir, "dynamodb-access-key"), "utf8")).trim(),
    );
    const owner = localDynamoDbClient(running.dynamodbEndpoint, running.dynamodbAccessKeyId);
    // A client that only knows the port: DynamoDB Local answers it, with an empty database.
    const stranger = localDynamoDbClient(running.dynamodbEndpoint, newAccessKeyId());
    try {
      expect((await owner.send(new ListTablesCommand({}))).TableNames).toEqual([app.name]);
      expect((await stranger.send(new ListTablesCommand({}))).TableNames).toEqual([]);
    } finally {
      owner.destroy();
      stranger.destroy();
    }
  });

  it("serves its S3 on 127.0.0.1 only", async () => {
    const running = JSON.parse(await readFile(join(dataDir, "dev-server.json"), "utf8")) as RunningServer;
    const s3 = new URL(running.s3Endpoint);
    expect(s3.hostname).toBe("127.0.0.1");
    // 127.0.0.2 is loopback too: only a server bound to every address answers there.
    const socket = connect({ host: "127.0.0.2", port: Number(s3.port) });
    const [error] = (await once(socket, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
  });

  it("prints no runtime warning while it serves, the AWS SDK's Node.js notice included", () => {
    // By now the functions have loaded the SDK and sent DynamoDB requests (the tests above).
    expect(errorOutput).not.toMatch(/Warning/);
  });

  it("stops everything, DynamoDB Local included, on SIGTERM to npm's pid", async () => {
    await stopsEverything(npm, "SIGTERM");
  }, 30_000);

  it("starts again on the same port with the same data, and stops on SIGINT to npm's pid", async () => {
    output = "";
    errorOutput = "";
    npm = npmStart();
    await waitFor(healthy, "GET /v1/health after a restart", { output: () => output });
    await stopsEverything(npm, "SIGINT");
  }, 90_000);
});
