/**
 * The dev server's seed files (`<appDir>/seed/*.json`), on the shared DynamoDB Local: each item is
 * written as the API's create writes it, put-if-absent, parents first; what cannot be written is
 * listed with its place in the file and the reason, and the server starts all the same.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { startDevServer } from "../../src/local/dev/dev-server.js";
import { sharedDynamoDb } from "../support/api.js";

let appDir: string;
const tableName = `seed-${Math.random().toString(36).slice(2, 10)}`;
const profile = (username: string) => ({
  username,
  firstName: "Ada",
  lastName: "Lovelace",
  email: `${username}@example.com`,
});

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), "portico-seed-"));
  await mkdir(join(appDir, "seed"));
  await writeFile(
    join(appDir, "seed", "a.json"),
    JSON.stringify({
      // Children before their parents in the file: the loader writes parents first.
      todos: [
        { userId: "ada", todoId: "t1", title: "Write the notes" },
        { userId: "nobody", todoId: "t2", title: "Orphan" },
      ],
      users: [
        { userId: "ada", ...profile("ada") },
        { userId: "bad", ...profile("Not Valid!") },
        { ...profile("noid") },
        { userId: "copycat", ...profile("ada") },
      ],
      projects: [],
    }),
  );
  await writeFile(join(appDir, "seed", "b.json"), "{ not json");
});

afterAll(async () => {
  await rm(appDir, { recursive: true, force: true });
});

const start = () =>
  startDevServer({
    app,
    appDir,
    port: 0,
    inMemory: true,
    ...sharedDynamoDb(),
    tableName,
    watch: false,
    log: () => {},
  });

describe("seed files", () => {
  it("loads what is valid, lists what is not, and never writes over an item that exists", async () => {
    const first = await start();
    try {
      const { seed } = await first.ready;
      expect(seed?.files).toEqual(["seed/a.json", "seed/b.json"]);
      expect(seed?.loaded).toBe(2);
      expect(seed?.skipped).toBe(0);
      const reasons = Object.fromEntries((seed?.rejected ?? []).map(({ where, reason }) => [where, reason]));
      expect(Object.keys(reasons).sort()).toEqual(
        [
          "seed/a.json projects",
          "seed/a.json todos[1]",
          "seed/a.json users[1]",
          "seed/a.json users[2]",
          "seed/a.json users[3]",
          "seed/b.json",
        ].sort(),
      );
      expect(reasons["seed/a.json projects"]).toContain('no entity has the collection "projects"');
      expect(reasons["seed/a.json todos[1]"]).toBe("its parent user does not exist");
      expect(reasons["seed/a.json users[1]"]).toMatch(/^username: /);
      expect(reasons["seed/a.json users[2]"]).toBe('needs its id "userId" as a non-empty string');
      expect(reasons["seed/a.json users[3]"]).toBe("its username is held by another user");
      expect(reasons["seed/b.json"]).toMatch(/^not JSON/);
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      expect((await second.ready).seed).toMatchObject({ loaded: 0, skipped: 2 });
    } finally {
      await second.stop();
    }
  });
});
