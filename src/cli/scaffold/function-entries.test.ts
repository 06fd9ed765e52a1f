import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { app as customApp } from "../../../test/custom-routes/portico.config.js";
import { testApp } from "../../../test/support/store-entities.js";
import { describeApp } from "../../model/index.js";
import { renderFunctionEntries, writeFunctionEntries } from "./function-entries.js";

describe("function entries", () => {
  it("renders one entry per function with a functions/ entry, each handing its route key to the runtime", () => {
    const description = describeApp(testApp);
    const rendered = renderFunctionEntries(testApp);
    expect([...rendered.keys()]).toEqual(
      description.functions.map((fn) => fn.entry).filter((entry) => entry.startsWith("functions/")),
    );
    expect(rendered.get("functions/accounts-get.ts")).toBe(
      [
        "/** Lambda entry for `GET /accounts/{accountId}`. */",
        'import { getRoute } from "portico/runtime";',
        'import { app } from "../portico.config.js";',
        "",
        'export const handler = getRoute(app, "GET /accounts/{accountId}");',
        "",
      ].join("\n"),
    );
  });

  it("renders a custom route's entry as a starter for the app's own code, around customRoute", () => {
    expect(renderFunctionEntries(customApp).get("functions/counters-increment.ts")).toBe(
      [
        "/** Lambda entry for `POST /counters/{counterId}/increment`: a custom route, this app's own code (written once, never overwritten). */",
        'import { customRoute, jsonResponse } from "portico/runtime";',
        'import { app } from "../portico.config.js";',
        "",
        'export const handler = customRoute(app, "POST /counters/{counterId}/increment", async (request) => {',
        '  request.log.info("custom route called", { params: request.params });',
        "  return jsonResponse(200, { ok: true });",
        "});",
        "",
      ].join("\n"),
    );
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
      const result = await writeFunctionEntries(testApp, dir);
      expect(result.kept).toEqual(["functions/health.ts"]);
      expect(result.written).toHaveLength(renderFunctionEntries(testApp).size - 1);
      expect(await readFile(join(dir, "functions/health.ts"), "utf8")).toBe("// my own health check\n");
      const again = await writeFunctionEntries(testApp, dir);
      expect(again).toEqual({ written: [], kept: ["functions/health.ts"] });
    });

    it("writes a custom route's starter only when its module is missing, and never overwrites the app's code", async () => {
      dir = await mkdtemp(join(tmpdir(), "portico-entries-"));
      const first = await writeFunctionEntries(customApp, dir);
      expect(first.written).toContain("functions/counters-increment.ts");
      const own = "export const handler = customRoute(app, key, mine);\n";
      await writeFile(join(dir, "functions/counters-increment.ts"), own);
      expect(await writeFunctionEntries(customApp, dir)).toEqual({
        written: [],
        kept: ["functions/counters-increment.ts"],
      });
      expect(await readFile(join(dir, "functions/counters-increment.ts"), "utf8")).toBe(own);
    });

    it("matches the test app's committed entries, its custom route's own code kept", async () => {
      const testAppDir = join(import.meta.dirname, "../../../test/custom-routes");
      expect(await writeFunctionEntries(customApp, testAppDir)).toEqual({
        written: [],
        kept: ["functions/counters-increment.ts"],
      });
    });
  });
});
