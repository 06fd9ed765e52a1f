/**
 * `npm start` on Node.js 20 stops at once with one line. The suite needs a Node.js older than 22
 * beside the one running it: `PORTICO_OLD_NODE`, else the machine's own `node` when the test runs on
 * the Node that `scripts/use-node.sh` put first on PATH (as in CI, whose machines ship Node 20).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repository = join(import.meta.dirname, "../..");

function oldNode(): string | undefined {
  const candidates = [process.env.PORTICO_OLD_NODE, "/usr/bin/node", "/usr/local/bin/node"];
  for (const candidate of candidates) {
    if (candidate === undefined || !existsSync(candidate)) continue;
    const version = execFileSync(candidate, ["--version"], { encoding: "utf8" }).trim();
    if (Number.parseInt(version.slice(1), 10) < 22) return candidate;
  }
  return undefined;
}

const node20 = oldNode();

describe.runIf(node20 !== undefined)(
  `portico on an old Node.js (${node20 ?? "none on this machine"})`,
  () => {
    it("stops at once with one line naming the versions that work, before starting anything", () => {
      const result = spawnSync(node20 as string, ["bin/portico.js", "dev", "--port", "0", "--in-memory"], {
        cwd: repository,
        encoding: "utf8",
        timeout: 20_000,
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toEqual([expect.stringMatching(/needs Node\.js 22 or newer/)]);
    });
  },
);
