import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localPeers, MissingLocalPeersError, missingLocalPeers, requireLocalPeers } from "./peers.js";

let outside: string;

beforeAll(async () => {
  // A module in a folder with no node_modules above it: nothing resolves from there.
  outside = await mkdtemp(join(tmpdir(), "portico-peers-"));
  await writeFile(join(outside, "module.js"), "");
});

afterAll(async () => {
  await rm(outside, { recursive: true, force: true });
});

describe("the local twin's peer dependencies", () => {
  it("are all found from Portico itself, where they are dev dependencies", () => {
    expect(missingLocalPeers()).toEqual([]);
  });

  it("are reported missing from a project that lacks them", () => {
    expect(missingLocalPeers(join(outside, "module.js"))).toEqual([...localPeers]);
  });

  it("stop the twin with the npm install -D command that adds what is missing", () => {
    const refusal = (() => {
      try {
        requireLocalPeers(join(outside, "module.js"));
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(MissingLocalPeersError);
    expect((refusal as MissingLocalPeersError).code).toBe("local.missing_peers");
    expect((refusal as Error).message).toContain("npm install -D busboy s3rver swagger-ui-dist");
  });
});
