/** The fleet's function entries are the one-line ones Portico renders, and the heartbeat is its own code. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderFunctionEntries } from "../../../src/cli/scaffold/function-entries.js";
import { app } from "../app/portico.config.js";

const appDir = new URL("../app", import.meta.url).pathname;

describe("the fleet's function entries", () => {
  it("are one module per function, each CRUD one exactly as rendered from the definition", () => {
    const rendered = renderFunctionEntries(app);
    const committed = readdirSync(join(appDir, "functions")).map((name) => `functions/${name}`);
    expect(committed.sort()).toEqual([...rendered.keys()].sort());
    for (const [entry, text] of rendered) {
      const own = readFileSync(join(appDir, entry), "utf8");
      if (entry === "functions/devices-heartbeat.ts") expect(own).toContain("customRoute(app,");
      else expect(own, entry).toBe(text);
    }
  });
});
