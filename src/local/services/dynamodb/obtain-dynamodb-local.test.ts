import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  cachedDynamoDbLocal,
  DYNAMODB_LOCAL_PACKAGE_VERSION,
  IntegrityMismatchError,
  obtainDynamoDbLocal,
  resolveCacheRoot,
  verifyIntegrity,
} from "./obtain-dynamodb-local.js";

function sha512Integrity(content: string): string {
  return `sha512-${createHash("sha512").update(content).digest("base64")}`;
}

describe("obtaining DynamoDB Local", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "portico-obtain-"));
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts a file whose content matches the sha512 integrity", async () => {
    const file = join(dir, "good.tgz");
    await writeFile(file, "hello");
    await expect(verifyIntegrity(file, sha512Integrity("hello"))).resolves.toBeUndefined();
    expect(existsSync(file)).toBe(true);
  });

  it("rejects a file with the wrong integrity with a clear error and deletes it", async () => {
    const file = join(dir, "tampered.tgz");
    await writeFile(file, "tampered");
    const check = verifyIntegrity(file, sha512Integrity("original"));
    await expect(check).rejects.toBeInstanceOf(IntegrityMismatchError);
    await expect(check).rejects.toThrow(/Integrity check failed for .*tampered\.tgz: expected sha512-/);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses integrity strings that are not sha512", async () => {
    const file = join(dir, "any.tgz");
    await writeFile(file, "x");
    await expect(verifyIntegrity(file, "sha1-abc=")).rejects.toThrow(/expected "sha512-<base64>"/);
  });

  it("caches nothing when the downloaded tarball fails the pinned integrity", async () => {
    // A fake `npm` that "packs" a wrong tarball: the full path runs without network.
    const bin = join(dir, "bin");
    await mkdir(bin);
    const fakeNpm = [
      "#!/bin/sh",
      'while [ "$1" != "--pack-destination" ]; do shift; done',
      'echo "not the real tarball" > "$2/amplify-dynamodb-simulator-2.9.30.tgz"',
      `echo '[{"filename":"amplify-dynamodb-simulator-2.9.30.tgz"}]'`,
    ].join("\n");
    await writeFile(join(bin, "npm"), `${fakeNpm}\n`, { mode: 0o755 });
    vi.stubEnv("PATH", `${bin}:${process.env.PATH ?? ""}`);
    const cacheDir = join(dir, "cache");
    const progress: string[] = [];

    await expect(
      obtainDynamoDbLocal({ cacheDir, onProgress: (line) => progress.push(line) }),
    ).rejects.toBeInstanceOf(IntegrityMismatchError);
    // The download said what it fetched and how far it got, in a few lines.
    expect(progress[0]).toMatch(/^Downloading DynamoDB Local .* \(about 56 MB, once\) into /);
    expect(progress.at(-1)).toMatch(/checking its integrity/);
    expect(progress.length).toBeLessThan(5);
    expect(cachedDynamoDbLocal({ cacheDir })).toBeUndefined();
    // No half cache, no temp folder, no lock left behind.
    expect(await readdir(join(cacheDir, "dynamodb-local"))).toEqual([]);
  });

  it("reports a missing cache without touching the network", () => {
    expect(cachedDynamoDbLocal({ cacheDir: join(dir, "empty") })).toBeUndefined();
  });

  it("finds a complete cache by its marker file", async () => {
    const versionDir = join(dir, "dynamodb-local", DYNAMODB_LOCAL_PACKAGE_VERSION);
    await mkdir(versionDir, { recursive: true });
    await writeFile(join(versionDir, "DynamoDBLocal.jar"), "");
    expect(cachedDynamoDbLocal({ cacheDir: dir })).toBeUndefined();
    await writeFile(join(versionDir, ".complete"), "{}");
    expect(cachedDynamoDbLocal({ cacheDir: dir })).toMatchObject({
      jarPath: join(versionDir, "DynamoDBLocal.jar"),
      libPath: join(versionDir, "DynamoDBLocal_lib"),
      version: DYNAMODB_LOCAL_PACKAGE_VERSION,
    });
  });

  it("takes the cache root from PORTICO_CACHE_DIR unless one is passed", () => {
    vi.stubEnv("PORTICO_CACHE_DIR", "/from/env");
    expect(resolveCacheRoot()).toBe("/from/env");
    expect(resolveCacheRoot("/explicit")).toBe("/explicit");
  });
});
