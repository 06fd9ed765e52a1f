import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type FunctionDefinition, FunctionPool } from "./function-pool.js";

const module = fileURLToPath(new URL("./test-functions/behaviours.ts", import.meta.url));
const define = (exportName: string, timeoutMs = 2_000): FunctionDefinition => ({
  name: exportName,
  module,
  exportName,
  timeoutMs,
  environment: { GREETING: `hello from ${exportName}` },
});

const pool = new FunctionPool([
  define("echo"),
  define("throws"),
  define("garbage"),
  define("hangs", 300),
  define("spins", 300),
  define("exits"),
]);
afterAll(() => pool.close());

describe("FunctionPool", () => {
  it("gives a sandbox's start its own budget, as Lambda's init phase: a slow load does not eat the timeout", async () => {
    const slow = new FunctionPool([
      {
        name: "slow-init",
        module: fileURLToPath(new URL("./test-functions/slow-init.ts", import.meta.url)),
        timeoutMs: 300,
        environment: {},
      },
    ]);
    try {
      expect(await slow.invoke("slow-init", {}, "cold")).toMatchObject({
        kind: "result",
        result: { statusCode: 200, body: "loaded" },
      });
    } finally {
      await slow.close();
    }
  });

  it("runs a function in its own environment and keeps its module warm between invocations", async () => {
    const first = await pool.invoke("echo", { n: 1 }, "req-1");
    const second = await pool.invoke("echo", { n: 2 }, "req-2");
    expect(first.kind).toBe("result");
    const body = (outcome: typeof first) => JSON.parse((outcome as { result: { body: string } }).result.body);
    expect(body(first)).toEqual({ event: { n: 1 }, invocations: 1, env: "hello from echo" });
    expect(body(second).invocations).toBe(2);
    expect(process.env.GREETING).toBeUndefined();
  });

  it("reports a throw as an error, and the function keeps serving", async () => {
    const outcome = await pool.invoke("throws", {}, "req");
    expect(outcome).toMatchObject({
      kind: "error",
      message: expect.stringContaining("boom from the handler"),
    });
    expect((await pool.invoke("echo", {}, "req")).kind).toBe("result");
  });

  it("hands a malformed result back as a result, for the gateway to judge", async () => {
    expect(await pool.invoke("garbage", {}, "req")).toMatchObject({
      kind: "result",
      result: { body: { not: "a string" } },
    });
  });

  it("times out a hanging function, and a blocked one, without blocking the others", async () => {
    const [hung, spun, fine] = await Promise.all([
      pool.invoke("hangs", {}, "a"),
      pool.invoke("spins", {}, "b"),
      pool.invoke("echo", {}, "c"),
    ]);
    expect(hung).toEqual({ kind: "timeout" });
    expect(spun).toEqual({ kind: "timeout" });
    expect(fine.kind).toBe("result");
    // A fresh sandbox replaces the one that timed out.
    expect(await pool.invoke("spins", {}, "d")).toEqual({ kind: "timeout" });
  });

  it("reports a worker that dies mid-invocation as a crash, and serves the next request", async () => {
    expect(await pool.invoke("exits", {}, "a")).toMatchObject({ kind: "crash" });
    expect(await pool.invoke("exits", {}, "b")).toMatchObject({ kind: "crash" });
    expect((await pool.invoke("echo", {}, "c")).kind).toBe("result");
  });

  it("loads fresh code after a reload", async () => {
    await pool.invoke("echo", {}, "warm");
    pool.reload();
    const outcome = await pool.invoke("echo", {}, "fresh");
    expect(JSON.parse((outcome as { result: { body: string } }).result.body).invocations).toBe(1);
  });
});
