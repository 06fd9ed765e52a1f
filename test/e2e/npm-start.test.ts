/**
 * What a newcomer does: `npm start` (`portico dev`), then `GET /v1/health`, a token from
 * `/_local/token` and a round of CRUD over real HTTP; Ctrl-C stops everything it started.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/local/services/dynamodb/free-port.js";

let child: ChildProcess;
let output = "";
let base: string;
let dataDir: string;

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}. Output so far:\n${output}`);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-start-"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(
    process.execPath,
    ["bin/portico.js", "dev", "--port", String(port), "--data-dir", dataDir, "--no-watch"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitFor(
    async () => (await fetch(`${base}/v1/health`, { signal: AbortSignal.timeout(2_000) })).status === 200,
    "GET /v1/health",
  );
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("prints the API URL, the docs URL and a ready token command", () => {
    expect(output).toContain(`${base}/v1`);
    expect(output).toContain(`${base}/_local/docs`);
    expect(output).toContain("npx portico token --sub alice");
  });

  it("answers GET /v1/health without a token", async () => {
    const response = await fetch(`${base}/v1/health`);
    expect(await response.json()).toEqual({ status: "ok" });
    const requestId = response.headers.get("apigw-requestid") as string;
    expect(requestId).toMatch(/^[A-Za-z0-9]{15}=$/);
    // One access-log line per request: method, path, route, status, time, request id.
    await waitFor(async () => output.includes(requestId), "the access-log line");
    expect(output).toMatch(new RegExp(`GET /v1/health → GET /health 200 [\\d.]+ms ${requestId}`));
  });

  it("serves the API with tokens from /_local/token", async () => {
    const tokenResponse = await fetch(`${base}/_local/token`, {
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
    const page = await fetch(`${base}/_local/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("https://");
    const document = (await (await fetch(`${base}/_local/docs/openapi.json`)).json()) as {
      openapi: string;
      paths: object;
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/users/{userId}/todos/{todoId}");
  });

  it("stops on SIGTERM with exit code 0, leaving no DynamoDB Local behind", async () => {
    await waitFor(async () => /data\s+DynamoDB Local/.test(output), "the DynamoDB line");
    child.kill("SIGTERM");
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    await expect(fetch(`${base}/v1/health`)).rejects.toThrow();
    // DynamoDB Local ran with its database under the data folder: no process may still name it.
    const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(processes).not.toContain(dataDir);
  });
});
