/**
 * The committed client types are the ones `portico client` makes from the app now: CI fails when
 * the app changed and nobody regenerated them.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { clientSchemaSource, defaultClientSchemaPath } from "../../src/cli/client-schema.js";

describe(defaultClientSchemaPath, () => {
  it("is what `npm run client` generates from the app", async () => {
    const generated = await clientSchemaSource(app);
    const committed = await readFile(new URL(`../../${defaultClientSchemaPath}`, import.meta.url), "utf8");
    expect(committed === generated, `${defaultClientSchemaPath} is stale: run \`npm run client\``).toBe(true);
  });

  it("comes out the same twice (deterministic)", async () => {
    expect(await clientSchemaSource(app)).toBe(await clientSchemaSource(app));
  });
});
