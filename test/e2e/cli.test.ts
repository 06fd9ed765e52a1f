/** The `portico` CLI's commands through `main(argv)`, as the bin runs them. */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { main } from "../../src/cli/main.js";
import { defaultLocalPort, localOrigin, localPrefix } from "../../src/runtime/index.js";
import { startTestDevServer } from "../support/api.js";
import { createEventV2, getUserEvent } from "../support/events.js";

let dir: string;
const captured = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text) }, out, err };
};

/** Writes a recorded `GET /health` event to `name` in the test folder; its path. */
async function writeHealthEvent(name: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    JSON.stringify(createEventV2({ method: "GET", path: "/health", routeKey: "GET /health" })),
  );
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "portico-cli-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("portico", () => {
  it("prints the commands and exits 1 without one", async () => {
    const { io, out } = captured();
    expect(await main([], io)).toBe(1);
    expect(out.join("\n")).toContain("portico <command>");
  });

  it("exits 2 on a usage error and says what was wrong", async () => {
    const { io, err } = captured();
    expect(await main(["token"], io)).toBe(2);
    expect(err.join("\n")).toContain("--sub is required");
  });

  it("token prints a token the local issuer signed, with the subject and scope asked for", async () => {
    const { io, out } = captured();
    expect(
      await main(
        [
          "token",
          "--sub",
          "alice",
          "--scope",
          "planner/admin",
          "--data-dir",
          dir,
          "--port",
          String(defaultLocalPort),
        ],
        io,
      ),
    ).toBe(0);
    expect(decodeJwt(out[0] as string)).toMatchObject({
      sub: "alice",
      scope: "planner/admin",
      iss: `${localOrigin(defaultLocalPort)}${localPrefix}`,
      aud: "swifty-planner",
    });
  });

  it("token targets the running dev server, whatever its port", async () => {
    const dataDir = join(dir, "running");
    const server = await startTestDevServer(app, dataDir, `token-${Math.random().toString(36).slice(2, 8)}`);
    try {
      const { io, out } = captured();
      expect(await main(["token", "--sub", "alice", "--data-dir", dataDir], io)).toBe(0);
      const response = await fetch(`${server.apiUrl}/users/me`, {
        headers: { authorization: `Bearer ${out[0]}` },
      });
      // Accepted by the authorizer: the function answers (no profile yet), not the gateway's 401.
      expect(response.status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  it("token without a running server and without --port says what to do", async () => {
    const { io, out, err } = captured();
    expect(await main(["token", "--sub", "alice", "--data-dir", join(dir, "none")], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("\n")).toMatch(/npm start.*--port/);
  });

  it("openapi writes the OpenAPI 3.1 document", async () => {
    const file = join(dir, "openapi.json");
    expect(await main(["openapi", "--out", file], captured().io)).toBe(0);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ openapi: "3.1.0" });
  });

  it("invoke replays a recorded event against one route's function", async () => {
    const file = await writeHealthEvent("health.event.json");
    const { io, out } = captured();
    expect(await main(["invoke", "GET /health", "--event", file, "--data-dir", dir], io)).toBe(0);
    expect(JSON.parse(out.join("\n"))).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
  });

  it("invoke runs the event's own route when no route is named", async () => {
    const file = await writeHealthEvent("health-own.event.json");
    const { io, out } = captured();
    expect(await main(["invoke", "--event", file, "--data-dir", dir], io)).toBe(0);
    expect(JSON.parse(out.join("\n"))).toMatchObject({ statusCode: 200 });
  });

  it("invoke refuses, in one line and with exit 2, an event recorded on another route", async () => {
    const file = join(dir, "get-user.event.json");
    await writeFile(file, JSON.stringify(getUserEvent("alice", "alice")));
    const { io, out, err } = captured();
    expect(await main(["invoke", "DELETE /users/{userId}", "--event", file, "--data-dir", dir], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).not.toContain("\n");
    expect(err[0]).toContain('"GET /users/{userId}"');
    expect(err[0]).toContain('"DELETE /users/{userId}"');
  });
});
