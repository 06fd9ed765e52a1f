import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { renderFunctionEntries } from "../../src/cli/scaffold/function-entries.js";

const appDir = join(import.meta.dirname, "../../app");

describe("the example app's function entries", () => {
  it("are exactly what renderFunctionEntries renders, one per function", () => {
    const committed = readdirSync(join(appDir, "functions")).map((name) => `functions/${name}`);
    const rendered = renderFunctionEntries(app);
    expect([...rendered.keys()].sort()).toEqual(committed.sort());
    for (const [entry, text] of rendered) {
      expect(text, entry).toBe(readFileSync(join(appDir, entry), "utf8"));
    }
  });
});
