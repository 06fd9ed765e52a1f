import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FunctionPool } from "./function-pool.js";
import { transpilerIdleMs } from "./transpiler.mjs";

/** This process's esbuild children (the transpiler's service). */
function esbuildChildren(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const status = readFileSync(`/proc/${entry}/status`, "utf8");
        return (
          /^Name:\s+esbuild$/m.test(status) && Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) === process.pid
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

describe.runIf(process.platform === "linux")("the sandboxes' transpiler", () => {
  it("stops its esbuild service once idle, and starts one again for a sandbox loaded later", async () => {
    const pool = new FunctionPool([
      {
        name: "echo",
        module: fileURLToPath(new URL("./test-functions/behaviours.ts", import.meta.url)),
        exportName: "echo",
        timeoutMs: 2_000,
        environment: {},
      },
    ]);
    try {
      expect((await pool.invoke("echo", {}, "first")).kind).toBe("result");
      expect(esbuildChildren()).toHaveLength(1);
      expect(await eventually(() => esbuildChildren().length === 0, transpilerIdleMs + 5_000)).toBe(true);
      pool.reload();
      expect((await pool.invoke("echo", {}, "after-idle")).kind).toBe("result");
      expect(esbuildChildren()).toHaveLength(1);
    } finally {
      await pool.close();
    }
  }, 30_000);
});
