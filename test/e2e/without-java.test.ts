/**
 * Without Java 17+ nothing local can work (DynamoDB Local is the only engine), so `npm start` and
 * `npm test` stop at once, with the one line that says how to install it.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let noJava: string;
let oldJava: string;

beforeAll(async () => {
  noJava = await mkdtemp(join(tmpdir(), "portico-nojava-"));
  oldJava = await mkdtemp(join(tmpdir(), "portico-java11-"));
  await writeFile(join(oldJava, "java"), `#!/bin/sh\necho 'openjdk version "11.0.22" 2024-01-16' >&2\n`, {
    mode: 0o755,
  });
});

afterAll(async () => {
  await rm(noJava, { recursive: true, force: true });
  await rm(oldJava, { recursive: true, force: true });
});

/** Runs node with `args` on a PATH of only `path`; a run that does not end within 30 s is killed and fails. */
function run(args: readonly string[], path: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PATH: path, JAVA_HOME: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

/** `npm start` (`portico dev` on a free port) in `project`, with only `project` on the PATH. */
function npmStart(project: string): Promise<{ code: number | null; output: string }> {
  return run(["bin/portico.js", "dev", "--port", "0", "--data-dir", join(project, ".portico")], project);
}

const installLine =
  /^portico: Portico needs Java 17\+ for DynamoDB Local, found .*apt-get install openjdk-17-jre-headless.*$/m;

describe("without Java 17+", () => {
  it("npm start stops at once with the line that says how to install it", async () => {
    const { code, output } = await npmStart(noJava);
    expect(code).toBe(1);
    expect(output).toMatch(installLine);
    expect(output).toContain("found none");
  }, 40_000);

  it("npm start refuses Java 11 the same way, naming it", async () => {
    const { code, output } = await npmStart(oldJava);
    expect(code).toBe(1);
    expect(output.trim()).toMatch(
      /^portico: Portico needs Java 17\+ for DynamoDB Local, found Java 11\.0\.22: /,
    );
    expect(output.trim().split("\n")).toHaveLength(1);
  }, 40_000);

  it("npm test's shared DynamoDB setup stops the run at once with that line", async () => {
    const { code, output } = await run(
      ["node_modules/vitest/vitest.mjs", "run", "--project", "connected", "test/e2e/cli.test.ts"],
      oldJava,
    );
    expect(code).toBe(1);
    expect(output).toMatch(/^Portico needs Java 17\+ for DynamoDB Local, found Java 11\.0\.22: .*adoptium/m);
    expect(output).not.toMatch(/Test Files/);
  }, 40_000);
});
