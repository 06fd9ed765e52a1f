import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newAccessKeyId } from "../services/dynamodb/access-key.js";
import { persistentAccessKeyId, persistentSecret } from "./local-state.js";

let dataDir: string;

beforeEach(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), "portico-state-")), ".portico");
});

afterEach(async () => {
  await rm(join(dataDir, ".."), { recursive: true, force: true });
});

describe("the data folder's secrets", () => {
  it("makes DynamoDB's access key id once, in the form every fresh key has, readable by its owner only", async () => {
    const key = await persistentAccessKeyId(dataDir);
    expect(key).toMatch(new RegExp(`^[0-9A-F]{${newAccessKeyId().length}}$`));
    expect(await persistentAccessKeyId(dataDir)).toBe(key);
    expect((await stat(join(dataDir, "dynamodb-access-key"))).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  });

  it("makes the cursor secret once, 32 random bytes in hex", async () => {
    const secret = await persistentSecret(dataDir, "cursor-secret");
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(await persistentSecret(dataDir, "cursor-secret")).toBe(secret);
  });
});
