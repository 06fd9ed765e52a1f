import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ownConditions, runsFromSource, sourceCondition } from "./source-condition.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

interface ExportEntry {
  readonly [condition: string]: string;
}

const exportsField = (JSON.parse(read("package.json")) as { exports: Record<string, ExportEntry | string> })
  .exports;

describe("the sources' export condition", () => {
  it("is what these tests run under, from the sources", () => {
    expect(runsFromSource).toBe(true);
    expect(ownConditions).toEqual([sourceCondition]);
  });

  it("comes first in every export, naming a source file whose compiled copy is the default", () => {
    for (const [name, entry] of Object.entries(exportsField)) {
      if (typeof entry === "string") continue;
      const [first, ...rest] = Object.keys(entry);
      expect(first, name).toBe(sourceCondition);
      expect(rest, name).toEqual(["types", "default"]);
      const source = entry[sourceCondition] as string;
      expect(existsSync(new URL(source, root)), source).toBe(true);
      const compiled = source.replace(/^\.\/src\//, "./dist/").replace(/\.ts$/, "");
      expect(entry.default, name).toBe(`${compiled}.js`);
      expect(entry.types, name).toBe(`${compiled}.d.ts`);
    }
  });

  it("is the condition tsc, Vitest and the bin resolve with", () => {
    const tsconfig = JSON.parse(read("tsconfig.json")) as { compilerOptions: { customConditions: string[] } };
    expect(tsconfig.compilerOptions.customConditions).toEqual([sourceCondition]);
    expect(read("vitest.config.ts")).toContain(`"${sourceCondition}"`);
    expect(read("bin/portico.js")).toContain(`["${sourceCondition}"]`);
  });
});
