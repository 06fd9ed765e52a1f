/**
 * A dev server that cannot start leaves nothing behind: no listener holding its port (whose
 * requests would hang), no S3, no JVM. Its configuration is checked before anything starts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineApp } from "portico/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { startDevServer } from "../../src/local/dev/dev-server.js";
import { freePort } from "../../src/local/services/dynamodb/free-port.js";
import { sharedDynamoDb } from "../support/api.js";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-start-fail-"));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("a dev server that cannot start", () => {
  it("refuses a local origin pattern no browser origin could match, and leaves its port free", async () => {
    const badCors = defineApp({
      name: app.name,
      api: {
        stage: app.api.stage,
        cors: { allowOrigins: ["https://app.example.com"], localOrigins: ["http://localhost:*/"] },
      },
      auth: { audience: [...app.auth.audience], adminScope: app.auth.adminScope },
      entities: app.entities,
    });
    const port = await freePort();
    await expect(
      startDevServer({
        app: badCors,
        port,
        dataDir,
        inMemory: true,
        watch: false,
        log: () => {},
        ...sharedDynamoDb(),
      }),
    ).rejects.toThrow(/localhost:\*\//);
    expect(await canListen(port)).toBe(true);
  });
});
