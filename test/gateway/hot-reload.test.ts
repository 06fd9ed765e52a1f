/**
 * Hot reload: a saved change to a function's code serves the next request, without a restart —
 * and until then the function stays warm.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { type DevServer, startDevServer } from "../../src/local/dev/dev-server.js";
import { sharedDynamoDb } from "../support/api.js";

let dir: string;
let server: DevServer;
const reloads: string[] = [];

/** A health function that answers with `version` and counts its warm invocations. */
const healthSource = (version: string) => `
let calls = 0;
export const handler = async () => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ version: ${JSON.stringify(version)}, calls: ++calls }),
});
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "portico-reload-"));
  await mkdir(join(dir, "app", "functions"), { recursive: true });
  await writeFile(join(dir, "package.json"), '{ "type": "module" }\n');
  await writeFile(join(dir, "app", "functions", "health.ts"), healthSource("one"));
  server = await startDevServer({
    app,
    appDir: join(dir, "app"),
    port: 0,
    dataDir: join(dir, ".portico"),
    inMemory: true,
    ...sharedDynamoDb(),
    tableName: `reload-${Math.random().toString(36).slice(2, 8)}`,
    watch: [join(dir, "app")],
    log: (line) => {
      if (line.startsWith("reloaded")) reloads.push(line);
    },
  });
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Waits until the log shows more reloads than `seen`. */
async function reloadAfter(seen: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (reloads.length <= seen && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 25));
  expect(reloads.length).toBeGreaterThan(seen);
}

/** This process's child processes that ended and were never reaped (`<defunct>`), from Linux /proc. */
function defunctChildren(): string[] {
  const children = readdirSync("/proc/self/task").flatMap((task) =>
    readFileSync(`/proc/self/task/${task}/children`, "utf8").split(" ").filter(Boolean),
  );
  return children.flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The state is the field after the parenthesised command.
      return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z") ? [stat] : [];
    } catch {
      return []; // reaped meanwhile
    }
  });
}

const health = async () =>
  (await (await fetch(`${server.apiUrl}/health`)).json()) as { version: string; calls: number };

describe("hot reload", () => {
  it("keeps a function warm between requests", async () => {
    expect(await health()).toEqual({ version: "one", calls: 1 });
    expect(await health()).toEqual({ version: "one", calls: 2 });
  });

  it("serves the next request with the saved code, without a restart", async () => {
    await writeFile(join(dir, "app", "functions", "health.ts"), healthSource("two"));
    const deadline = Date.now() + 10_000;
    while (reloads.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(reloads.length).toBeGreaterThan(0);
    expect(await health()).toEqual({ version: "two", calls: 1 });
  });

  it("keeps seeing a file saved by replacement (a temporary file renamed over it), save after save", async () => {
    const file = join(dir, "app", "functions", "health.ts");
    const save = {
      // An editor's atomic save: the new content written beside the project, then renamed over the file.
      byReplacement: async (source: string) => {
        const temporary = join(dir, `health.ts.${reloads.length}.tmp`);
        await writeFile(temporary, source);
        await rename(temporary, file);
      },
      inPlace: (source: string) => writeFile(file, source),
    };
    for (const [version, how] of [
      ["three", "byReplacement"],
      ["four", "byReplacement"],
      ["five", "inPlace"],
    ] as const) {
      const seen = reloads.length;
      await save[how](healthSource(version));
      await reloadAfter(seen);
      expect(await health()).toEqual({ version, calls: 1 });
    }
  });

  it("leaves no defunct child process behind, reload after reload", async () => {
    for (const version of ["six", "seven", "eight"]) {
      const seen = reloads.length;
      await writeFile(join(dir, "app", "functions", "health.ts"), healthSource(version));
      await reloadAfter(seen);
      expect(await health()).toEqual({ version, calls: 1 });
    }
    // The sandboxes of the earlier code have ended by now (each was idle when its reload came).
    expect(defunctChildren()).toEqual([]);
  });
});
