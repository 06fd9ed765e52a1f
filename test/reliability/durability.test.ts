/**
 * Durability: the local stack as a developer runs it (`node bin/portico.js dev`, what `npm start`
 * execs, its own process group, data kept in a folder), killed with SIGKILL — the whole group, its
 * DynamoDB Local's JVM included — in the middle of a burst of writes, then started again on the
 * same port and data. Every write it acknowledged with a 2xx is there, the token it issued before
 * the kill still verifies, and nothing it started outlives it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
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
let base: string;
const started: ChildProcess[] = [];
let output = "";

/** `portico dev` on the file's port and data, the leader of a process group of its own. */
function startDev(port: number): ChildProcess {
  const child = spawn(process.execPath, [bin, "dev", "--data-dir", dataDir, "--no-watch"], {
    env: { ...process.env, PORT: String(port) },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  started.push(child);
  return child;
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

async function killGroup(child: ChildProcess): Promise<void> {
  if (!running(child) || child.pid === undefined) return;
  const exited = once(child, "exit");
  process.kill(-child.pid, "SIGKILL");
  await exited;
}

/**
 * The processes a dev server started that are still alive: anything in its group (the JVM), and
 * DynamoDB Local's detached watchdog, which names the server's pid in its arguments.
 */
function leftovers(leader: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      // A shell loop named portico-watchdog, or `node -e` where there is no POSIX shell.
      const watchdog =
        (args.includes("portico-watchdog") || args.includes("-e")) && args.includes(String(leader));
      if (
        state !== "Z" &&
        (Number(group) === leader || watchdog || args.some((arg) => arg.includes(dataDir)))
      )
        found.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-durable-"));
});
afterAll(async () => {
  for (const child of started) await killGroup(child);
  await rm(dataDir, { recursive: true, force: true });
});

async function token(sub: string): Promise<string> {
  const reply = await fetch(`${base}${localTokenPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub }),
  });
  return ((await reply.json()) as { access_token: string }).access_token;
}

describe("the local stack killed with SIGKILL mid-burst", () => {
  it("keeps every acknowledged write, and the tokens it issued, after a restart on the same data", async () => {
    const port = await freePort();
    base = localOrigin(port);
    const first = startDev(port);
    await waitFor(async () => (await fetch(`${base}/v1/health`)).ok, "the dev server", {
      output: () => output,
    });
    // Issued before the kill, used after the restart.
    const authorization = `Bearer ${await token("durable")}`;
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}/v1${path}`, {
        method,
        headers: { authorization, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    // The database is up once a route that needs it answers.
    await waitFor(async () => (await call("POST", "/users", userBody())).status === 201, "the database", {
      output: () => output,
    });

    const acknowledged: string[] = [];
    let killed: Promise<void> | undefined;
    const writer = async (worker: number) => {
      for (let n = 0; killed === undefined; n++) {
        const reply = await call("POST", "/users/me/todos", { title: `burst ${worker}.${n}` }).catch(
          () => undefined,
        );
        if (reply === undefined) return;
        if (reply.status === 201) acknowledged.push(((await reply.json()) as { todoId: string }).todoId);
        // Mid-burst: the other writers' requests are in flight when the group dies.
        if (acknowledged.length >= 40) killed ??= killGroup(first);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, worker) => writer(worker)));
    await killed;
    await waitFor(
      async () => leftovers(first.pid as number).length === 0,
      "the killed stack's processes to end",
      { output: () => output, timeoutMs: 10_000 },
    );

    const second = startDev(port);
    await waitFor(async () => (await call("GET", "/users/me")).status === 200, "the restarted stack", {
      output: () => output,
    });
    const stored = new Set<string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
      const reply = await call("GET", `/users/me/todos?limit=100${query}`);
      expect(reply.status).toBe(200);
      const page = (await reply.json()) as { items: { todoId: string }[]; nextCursor: string | null };
      for (const item of page.items) stored.add(item.todoId);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);
    expect(acknowledged.filter((todoId) => !stored.has(todoId))).toEqual([]);
    await killGroup(second);
    await waitFor(async () => leftovers(second.pid as number).length === 0, "the stack's processes to end", {
      output: () => output,
      timeoutMs: 10_000,
    });
  }, 90_000);
});
