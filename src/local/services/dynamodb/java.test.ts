import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JavaRequiredError, requireJava } from "./java.js";

describe("the Java DynamoDB Local runs on", () => {
  let bin: string;

  beforeEach(async () => {
    bin = await mkdtemp(join(tmpdir(), "portico-java-"));
    vi.stubEnv("JAVA_HOME", "");
    vi.stubEnv("PATH", bin);
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(bin, { recursive: true, force: true });
  });

  const fakeJava = (version: string) =>
    writeFile(join(bin, "java"), `#!/bin/sh\necho 'openjdk version "${version}" 2024-01-16' >&2\n`, {
      mode: 0o755,
    });

  it("is refused when missing, with one line saying how to install Java 17", async () => {
    const error = await requireJava().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(JavaRequiredError);
    expect(error).toMatchObject({ code: "local.java.required" });
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message).toMatch(/needs Java 17\+.*found none.*apt-get install openjdk-17-jre-headless/);
  });

  it("is refused when older than 17, naming the version found", async () => {
    await fakeJava("11.0.22");
    await expect(requireJava()).rejects.toThrow(/needs Java 17\+ for DynamoDB Local, found Java 11\.0\.22/);
  });

  it("is accepted from 17 on", async () => {
    await fakeJava("17.0.15");
    expect(await requireJava()).toMatchObject({ command: "java", version: "17.0.15", major: 17 });
  });
});
