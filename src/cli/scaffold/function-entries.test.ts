import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { app } from "../../../app/portico.config.js";
import { renderFunctionEntries, writeFunctionEntries } from "./function-entries.js";

const appDir = join(import.meta.dirname, "../../../app");

describe("function entries", () => {
  it("renders exactly the example app's committed entries, one per function", () => {
    const committed = readdirSync(join(appDir, "functions")).map((name) => `functions/${name}`);
    const rendered = renderFunctionEntries(app);
    expect([...rendered.keys()].sort()).toEqual(committed.sort());
    for (const [entry, text] of rendered) {
      expect(text, entry).toBe(readFileSync(join(appDir, entry), "utf8"));
    }
  });

  describe("writing", () => {
    let dir: string | undefined;
    afterEach(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("writes the missing entries and keeps one that holds other code", async () => {
      dir = await mkdtemp(join(tmpdir(), "portico-entries-"));
      await mkdir(join(dir, "functions"));
      await writeFile(join(dir, "functions/health.ts"), "// my own health check\n");
      const result = await writeFunctionEntries(app, dir);
      expect(result.kept).toEqual(["functions/health.ts"]);
      expect(result.written).toHaveLength(renderFunctionEntries(app).size - 1);
      expect(await readFile(join(dir, "functions/health.ts"), "utf8")).toBe("// my own health check\n");
      const again = await writeFunctionEntries(app, dir);
      expect(again).toEqual({ written: [], kept: ["functions/health.ts"] });
    });
  });
});
