/**
 * `portico dev` (what `npm start` execs) stopped with SIGTERM under load drains: every request a
 * client had sent gets a complete answer, nothing is logged as an error (no crashed worker, no
 * closed pool, no timeout), the process exits 0 by itself, and nothing it started outlives it
 * (DynamoDB Local's JVM, its watchdog).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/local/services/dynamodb/free-port.js";
import { localOrigin, localTokenPath } from "../../src/runtime/index.js";
import { userBody } from "../http/users-helpers.js";
import { waitFor } from "../support/wait-for.js";

const bin = fileURLToPath(new URL("../../bin/portico.js", import.meta.url));
let dataDir: string;
let child: ChildProcess | undefined;
let stdout = "";
let stderr = "";

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-drain-"));
});
afterAll(async () => {
  if (child?.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

/** The live processes whose parent chain leads to `pid`, and any whose arguments name it (a watchdog). */
function startedBy(pid: number): number[] {
  const parents = new Map<number, number>();
  const naming: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z") continue;
      parents.set(Number(name), Number(parent));
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (Number(name) !== pid && args.includes(String(pid))) naming.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  const below = (candidate: number): boolean => {
    const parent = parents.get(candidate);
    return parent === pid || (parent !== undefined && parent > 1 && below(parent));
  };
  return [...new Set([...[...parents.keys()].filter(below), ...naming])];
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** One request whose answer must arrive whole; a reset or a hang-up is its error's message. */
function call(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  authorization: string,
  body?: unknown,
): Promise<number | string> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        agent,
        headers: { authorization, ...(payload === undefined ? {} : { "content-type": "application/json" }) },
      },
      (response: IncomingMessage) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", (error) => resolve(error.message));
      },
    );
    outgoing.on("error", (error) => resolve(error.message));
    outgoing.end(payload);
  });
}

describe("portico dev stopped under load", () => {
  it("answers every request in flight, logs no error, exits 0 and leaves no process behind", async () => {
    const port = await freePort();
    const base = localOrigin(port);
    child = spawn(
      process.execPath,
      [bin, "dev", "--in-memory", "--no-watch", "--port", String(port), "--data-dir", dataDir],
      {
        cwd: fileURLToPath(new URL("../..", import.meta.url)),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const output = () => stdout + stderr;
    await waitFor(async () => (await fetch(`${base}/v1/health`)).ok, "the dev server", { output });
    const issued = await fetch(`${base}${localTokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "drained" }),
    });
    const authorization = `Bearer ${((await issued.json()) as { access_token: string }).access_token}`;
    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    await waitFor(
      async () => (await call(agent, port, "POST", "/v1/users", authorization, userBody())) === 201,
      "the database",
      { output },
    );
    const processes = startedBy(child.pid as number);
    expect(processes.length).toBeGreaterThan(0);

    // 32 clients, each sending its next request as soon as the last is answered, until the stop.
    let stopping = false;
    let answered = 0;
    const outcomes: (number | string)[] = [];
    const client = async (n: number) => {
      for (let i = 0; !stopping; i++) {
        const outcome =
          i % 2 === 0
            ? await call(agent, port, "POST", "/v1/users/me/todos", authorization, {
                title: `todo ${n}.${i}`,
              })
            : await call(agent, port, "GET", "/v1/users/me/todos", authorization);
        outcomes.push(outcome);
        if (++answered === 200) {
          stopping = true;
          child?.kill("SIGTERM");
        }
      }
    };
    const [code] = (await Promise.all([
      once(child, "exit"),
      Promise.all(Array.from({ length: 32 }, (_, n) => client(n))),
    ]).then(([exit]) => exit)) as [number | null];
    agent.destroy();

    expect(outcomes.filter((outcome) => outcome !== 200 && outcome !== 201)).toEqual([]);
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).not.toMatch(/ 5\d\d \d|error|crash|exited|timed out|closed/i);
    await waitFor(async () => processes.every((pid) => !alive(pid)), "the stack's processes to end", {
      output,
      timeoutMs: 10_000,
    });
  }, 90_000);
});
