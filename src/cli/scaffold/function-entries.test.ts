import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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
  });
});
