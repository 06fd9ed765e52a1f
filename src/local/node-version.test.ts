import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { minimumNodeMajor, unsupportedNodeMessage } from "./node-version.js";

describe("the supported Node.js versions", () => {
  it.each(["22.0.0", "22.23.3", "24.21.0", "v26.10.0"])("runs on Node.js %s", (version) => {
    expect(unsupportedNodeMessage(version)).toBeUndefined();
  });

  it.each(["20.20.2", "v18.20.8", "21.7.3"])(
    "stops on Node.js %s with one line naming it and what to do",
    (version) => {
      const message = unsupportedNodeMessage(version) as string;
      expect(message).toContain(`v${version.replace(/^v/, "")}`);
      expect(message).toMatch(/Node\.js 22 or newer.*install Node\.js 24/);
      expect(message).not.toContain("\n");
    },
  );

  it("are the ones package.json's engines declares", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      engines: { node: string };
    };
    expect(manifest.engines.node).toBe(`>=${minimumNodeMajor}`);
  });
});
