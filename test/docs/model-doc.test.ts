/**
 * docs/model.md, as a reader would use it: its `ts` blocks, in order, are one app definition that
 * Portico accepts (and describes), and every option of `defineEntity`, `defineRoute` and `defineApp`
 * appears in them, read from the modules that declare the options, so a new option cannot go
 * undocumented.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, describeApp } from "../../src/model/index.js";

const page = await readFile(new URL("../../docs/model.md", import.meta.url), "utf8");
const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
const shown = blocks.join("\n");

/** The property names an interface of `file` declares (`readonly name?: …`). */
async function interfaceKeys(file: string, name: string): Promise<string[]> {
  const text = await readFile(new URL(`../../src/model/${file}`, import.meta.url), "utf8");
  const body = text.slice(text.indexOf(`export interface ${name}`));
  return [...body.slice(0, body.indexOf("\n}\n")).matchAll(/^ {2}readonly (\w+)\??:/gm)].map(
    (match) => match[1] as string,
  );
}

/** The option names a zod options schema of `file` declares (`name: z.…`). */
async function schemaKeys(file: string): Promise<string[]> {
  const text = await readFile(new URL(`../../src/model/${file}`, import.meta.url), "utf8");
  return [...text.matchAll(/^\s*(\w+): z\b/gm)].map((match) => match[1] as string);
}

let project: string;
let app: App;

beforeAll(async () => {
  // Inside the repository, so `portico/model` resolves to this package by its own name.
  await mkdir(resolve(".portico"), { recursive: true });
  project = await mkdtemp(resolve(".portico", "model-doc-"));
  const module = join(project, "definition.ts");
  await writeFile(module, shown);
  app = ((await import(pathToFileURL(module).href)) as { app: App }).app;
});

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

describe("docs/model.md", () => {
  it("shows one app definition that Portico accepts and describes", () => {
    expect(app.entities.map((entity) => entity.name)).toEqual(["team", "task", "bookmark", "tag"]);
    const description = describeApp(app);
    expect(description.routes.map((route) => route.routeKey)).toContain("POST /teams/{teamId}/archive");
    expect(app.entities[0]?.shards).toBe(8);
    expect(app.entities[1]?.ttlSeconds).toBe(90 * 86_400);
    // The creator is the caller, never a path parameter.
    expect(description.routes.map((route) => route.routeKey)).toContain("GET /bookmarks/{bookmarkId}/tags");
  });

  it("shows every option of defineEntity, its file slots, defineRoute, its permissions and defineApp", async () => {
    const options = [
      ...(await interfaceKeys("define-entity.ts", "EntityOptions")),
      ...(await interfaceKeys("define-entity.ts", "FileSlot")),
      ...(await interfaceKeys("define-route.ts", "CustomRouteOptions")),
      ...(await interfaceKeys("define-route.ts", "CustomRoutePermissions")),
      ...(await schemaKeys("define-app.ts")),
      ...(await schemaKeys("deploy-options.ts")),
      "entities",
      "routes",
      "deploy",
    ];
    expect(options.length).toBeGreaterThan(50);
    expect(options.filter((option) => !new RegExp(`\\b${option}:`).test(shown))).toEqual([]);
  });
});
