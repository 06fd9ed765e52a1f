/**
 * `portico import-workbench` on a model that mirrors SwiftyPlanner's table (facets user and todo,
 * sample items), then the twin on the imported app: the seed is served over HTTP with a token from
 * the local issuer, and a restart keeps what was changed since. The imported project lives under
 * the repository's own (gitignored) `.portico/`, so its `portico/model` and `portico/runtime`
 * imports resolve to this package by its own name, as in a user's project that installed it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todos } from "../../app/entities/todos.js";
import { users } from "../../app/entities/users.js";
import { main } from "../../src/cli/main.js";
import { type DevServer, startDevServer } from "../../src/local/dev/dev-server.js";
import type { AnyEntity, App } from "../../src/model/index.js";
import { localTokenPath } from "../../src/runtime/index.js";
import { sharedDynamoDb } from "../support/api.js";

const fixture = resolve("test/fixtures/workbench/swifty-planner.json");
let project: string;
let appDir: string;
let imported: App;
const out: string[] = [];
const err: string[] = [];
const io = { out: (text: string) => out.push(text), err: (text: string) => err.push(text) };

beforeAll(async () => {
  await mkdir(resolve(".portico"), { recursive: true });
  project = await mkdtemp(resolve(".portico", "import-workbench-"));
  appDir = join(project, "app");
  expect(await main(["import-workbench", fixture, "--out", appDir], io)).toBe(0);
  imported = ((await import(pathToFileURL(join(appDir, "portico.config.ts")).href)) as { app: App }).app;
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

/** What an entity's definition says about its data, to compare the imported with SwiftyPlanner's. */
const shape = (entity: AnyEntity) => ({
  name: entity.name,
  collection: entity.collection,
  idParams: entity.idParams,
  idSource: entity.idSource,
  parent: entity.parent?.name,
  keys: [entity.keys.pk.template, entity.keys.sk.template],
  fields: entity.fields.map((field) => field.name),
  routes: Object.keys(entity.operations),
});

describe("portico import-workbench", () => {
  it("writes SwiftyPlanner's entities: its key templates, ids, parent and fields", () => {
    expect(imported.entities.map(shape)).toEqual([users, todos].map(shape));
    expect(imported.route("GET /users/{userId}/todos/{todoId}").kind).toBe("entity");
  });

  it("prints what it could not map and writes the same report beside the app", async () => {
    const report = await readFile(join(appDir, "import-report.md"), "utf8");
    expect(out.join("\n")).toContain(report);
    expect(report).toContain('- GSI "GSI1" (GSI1PK / GSI1SK): ');
    expect(report).toContain(
      '- facet "todo" attribute "createdAt" (S): the store writes an attribute of this name itself',
    );
    expect(report).toContain("- functions/todos-get.ts");
    expect(err).toEqual([]);
  });

  it("refuses to overwrite an app, and a malformed model with the JSON path at fault", async () => {
    const errors: string[] = [];
    const quiet = { out: () => {}, err: (text: string) => errors.push(text) };
    expect(await main(["import-workbench", fixture, "--out", appDir], quiet)).toBe(2);
    expect(errors.pop()).toContain("holds an app already (portico.config.ts)");
    const broken = join(project, "broken.json");
    await writeFile(broken, JSON.stringify({ ModelName: "x", DataModel: [{ TableName: 1 }] }));
    expect(await main(["import-workbench", broken, "--out", join(project, "other")], quiet)).toBe(1);
    expect(errors.pop()).toMatch(
      /broken\.json is not a NoSQL Workbench data model: DataModel\[0\]\.TableName: /,
    );
    // Outside any project that has Portico installed, the app is written but cannot load.
    const elsewhere = await mkdtemp(join(tmpdir(), "portico-import-"));
    try {
      expect(await main(["import-workbench", fixture, "--out", join(elsewhere, "app")], quiet)).toBe(1);
      expect(errors.pop()).toMatch(
        /could not load .*portico\.config\.ts to write its function entries .*install portico/,
      );
      expect(await readFile(join(elsewhere, "app", "entities", "todos.ts"), "utf8")).toContain(
        "TODO#{todoId}",
      );
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
    expect(await main(["import-workbench", join(project, "missing.json")], quiet)).toBe(1);
    expect(errors.pop()).toContain(
      "missing.json is not a NoSQL Workbench data model: it cannot be read (ENOENT)",
    );
  });
});

describe("the twin on the imported app", () => {
  const tableName = `import-${Math.random().toString(36).slice(2, 10)}`;
  const start = () =>
    startDevServer({
      app: imported,
      appDir,
      port: 0,
      dataDir: join(project, ".portico"),
      ...sharedDynamoDb(),
      tableName,
      watch: false,
      log: () => {},
    });
  const call = async (server: DevServer, sub: string, method: string, path: string, body?: unknown) => {
    const token = await fetch(`${server.url}${localTokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub }),
    }).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
    return fetch(`${server.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/merge-patch+json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  };

  it("serves the seeded items, and a restart loads none over what was changed since", async () => {
    const first = await start();
    try {
      expect((await first.ready).seed).toEqual({
        files: ["seed/swifty-planner.json"],
        loaded: 5,
        skipped: 0,
        rejected: [],
      });
      const alice = await call(first, "alice", "GET", "/users/alice");
      expect(alice.status).toBe(200);
      expect(await alice.json()).toMatchObject({
        userId: "alice",
        username: "alice",
        email: "alice@example.com",
        version: 1,
      });
      const list = await call(first, "alice", "GET", "/users/alice/todos");
      expect(
        ((await list.json()) as { items: { title: string }[] }).items.map((todo) => todo.title).sort(),
      ).toEqual(["Buy milk", "Paint the roses red"]);
      expect((await call(first, "bob", "GET", "/users/alice")).status).toBe(403);
      expect((await call(first, "alice", "PATCH", "/users/alice", { firstName: "Alicia" })).status).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await start();
    try {
      expect((await second.ready).seed).toMatchObject({ loaded: 0, skipped: 5, rejected: [] });
      const alice = await call(second, "alice", "GET", "/users/alice");
      expect(await alice.json()).toMatchObject({ firstName: "Alicia", version: 2 });
    } finally {
      await second.stop();
    }
  });
});
