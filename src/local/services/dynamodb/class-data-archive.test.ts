import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDynamoDbClient } from "./access-key.js";
import { ARCHIVABLE_DIR, archivableManifest } from "./archivable-jar.js";
import { type DynamoDbLocalHandle, startDynamoDbLocal } from "./dynamodb-local.js";
import { readManifest, withManifest } from "./jar-manifest.js";
import { DYNAMODB_LOCAL_PACKAGE_VERSION, obtainDynamoDbLocal } from "./obtain-dynamodb-local.js";

describe("the archivable manifest", () => {
  const manifest =
    "Manifest-Version: 1.0\r\nMain-Class: com.example.Main\r\nClass-Path: . log4j2.xml lib/a.jar lib/libx.so\r\n" +
    "  lib/b.jar lib/x.dll\r\n\r\n";

  it("keeps only the Class-Path's jars, under the prefix, and every other attribute", () => {
    const rewritten = archivableManifest(manifest, "../");
    const unfolded = rewritten.replace(/\r\n /g, "");
    expect(unfolded).toContain("Main-Class: com.example.Main\r\n");
    expect(unfolded).toContain("Class-Path: ../lib/a.jar ../lib/b.jar\r\n");
    expect(rewritten.endsWith("\r\n\r\n")).toBe(true);
  });

  it("folds lines at 72 bytes, as the jar specification asks", () => {
    const jars = Array.from({ length: 40 }, (_, index) => `DynamoDBLocal_lib/library-${index}.jar`).join(" ");
    const rewritten = archivableManifest(`Manifest-Version: 1.0\r\nClass-Path: ${jars}\r\n\r\n`, "../");
    for (const line of rewritten.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(72);
    expect(rewritten.replace(/\r\n /g, "")).toContain("../DynamoDBLocal_lib/library-39.jar");
  });
});

/** DynamoDB Local's jar and libraries linked into a cache of its own, so its archives are this suite's. */
async function privateCache(): Promise<string> {
  const real = await obtainDynamoDbLocal();
  const cacheDir = await mkdtemp(join(tmpdir(), "portico-cds-"));
  const versionDir = join(cacheDir, "dynamodb-local", DYNAMODB_LOCAL_PACKAGE_VERSION);
  await mkdir(versionDir, { recursive: true });
  await symlink(real.jarPath, join(versionDir, "DynamoDBLocal.jar"));
  await symlink(real.libPath, join(versionDir, "DynamoDBLocal_lib"));
  await writeFile(join(versionDir, ".complete"), "");
  return cacheDir;
}

const archivableDir = (cacheDir: string) =>
  join(cacheDir, "dynamodb-local", DYNAMODB_LOCAL_PACKAGE_VERSION, ARCHIVABLE_DIR);
const archives = (cacheDir: string) =>
  existsSync(archivableDir(cacheDir))
    ? readdirSync(archivableDir(cacheDir)).filter((n) => n.endsWith(".jsa"))
    : [];
const leftovers = (cacheDir: string) =>
  existsSync(archivableDir(cacheDir))
    ? readdirSync(archivableDir(cacheDir)).filter((n) => n.endsWith(".tmp") || n.endsWith(".lock"))
    : [];
/** The archive option the JVM was started with. */
const archiveOption = (local: DynamoDbLocalHandle) =>
  readFileSync(`/proc/${local.pid}/cmdline`, "utf8")
    .split("\0")
    .find((arg) => arg.startsWith("-XX:SharedArchiveFile=") || arg.startsWith("-XX:ArchiveClassesAtExit="));

async function answers(local: DynamoDbLocalHandle): Promise<void> {
  const client = localDynamoDbClient(local.endpoint, local.accessKeyId);
  try {
    expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  } finally {
    client.destroy();
  }
}

describe.skipIf(!existsSync("/proc"))("DynamoDB Local's class-data archive", () => {
  let cacheDir: string;

  beforeAll(async () => {
    cacheDir = await privateCache();
  });

  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("is made by the first start, when it stops, and used by the next", async () => {
    const first = await startDynamoDbLocal({ cacheDir });
    expect(archiveOption(first)).toMatch(/^-XX:ArchiveClassesAtExit=/);
    await answers(first);
    await first.stop();
    expect(archives(cacheDir)).toHaveLength(1);
    expect(leftovers(cacheDir)).toEqual([]);

    const second = await startDynamoDbLocal({ cacheDir });
    try {
      expect(archiveOption(second)).toBe(
        `-XX:SharedArchiveFile=${join(archivableDir(cacheDir), archives(cacheDir)[0] as string)}`,
      );
      await answers(second);
    } finally {
      await second.stop();
    }
    // Used, not made again.
    expect(archives(cacheDir)).toHaveLength(1);
  }, 120_000);

  it("does not stop DynamoDB Local when it is damaged (truncated: the JVM crashes on it), and is discarded", async () => {
    const [name] = archives(cacheDir);
    const path = join(archivableDir(cacheDir), name as string);
    await writeFile(path, (await readFile(path)).subarray(0, 100_000));
    const local = await startDynamoDbLocal({ cacheDir });
    try {
      await answers(local);
    } finally {
      await local.stop();
    }
    expect(archives(cacheDir)).toEqual([]);
  }, 120_000);

  it("is replaced when it is not an archive at all (which the JVM would skip without a word)", async () => {
    // The last test discarded it: one start and stop makes it again, then it is overwritten.
    const maker = await startDynamoDbLocal({ cacheDir });
    await maker.stop();
    const [name] = archives(cacheDir);
    await writeFile(join(archivableDir(cacheDir), name as string), Buffer.alloc(4096, 7));
    const local = await startDynamoDbLocal({ cacheDir });
    try {
      // Seen to be none: this start makes a new one in its place.
      expect(archiveOption(local)).toMatch(/^-XX:ArchiveClassesAtExit=/);
      await answers(local);
    } finally {
      await local.stop();
    }
    expect(archives(cacheDir)).toEqual([name]);
    expect((await readFile(join(archivableDir(cacheDir), name as string))).subarray(0, 4)).not.toEqual(
      Buffer.alloc(4, 7),
    );
    await rm(join(archivableDir(cacheDir), name as string));
  }, 120_000);

  it("is made by one of several starts at once; the others start without it", async () => {
    expect(archives(cacheDir)).toEqual([]);
    const locals = await Promise.all([1, 2, 3].map(() => startDynamoDbLocal({ cacheDir })));
    try {
      const options = locals.map(archiveOption);
      expect(options.filter((option) => option?.startsWith("-XX:ArchiveClassesAtExit="))).toHaveLength(1);
      expect(options.filter((option) => option === undefined)).toHaveLength(2);
      await Promise.all(locals.map(answers));
    } finally {
      await Promise.all(locals.map((local) => local.stop()));
    }
    expect(archives(cacheDir)).toHaveLength(1);
    expect(leftovers(cacheDir)).toEqual([]);
  }, 120_000);
});

describe("a jar's manifest, replaced", () => {
  it("reads back as written, with every other entry where it was", async () => {
    const jar = await readFile((await obtainDynamoDbLocal()).jarPath);
    const manifest = archivableManifest(readManifest(jar), "../");
    const copy = withManifest(jar, manifest);
    expect(readManifest(copy)).toBe(manifest);
    // The original bytes up to the central directory are kept as they are.
    expect(copy.subarray(0, 1_000_000).equals(jar.subarray(0, 1_000_000))).toBe(true);
  });
});
