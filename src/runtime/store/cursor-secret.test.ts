/**
 * The cursor key on Lambda: fetched from Secrets Manager once per container, never from AWS when
 * the local twin hands the value over. Secrets Manager is mocked at the SDK client Powertools'
 * SecretsProvider sends through; nothing here reaches AWS.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { envNames, localEnvNames } from "../../model/index.js";
import {
  CursorSecretUnusableError,
  cursorSecretFromEnvironment,
  minimumCursorSecretLength,
} from "./cursor-secret.js";

const goodSecret = "k".repeat(minimumCursorSecretLength);

/**
 * Powertools keeps fetched secrets in a module-level cache (5 s by default) shared by every
 * provider in the process, and vi.resetModules does not reach node_modules: each test names a
 * secret of its own, so no test sees another's fetch.
 */
let secrets = 0;
function freshSecretId(): string {
  secrets += 1;
  return `arn:aws:secretsmanager:us-east-1:123456789012:secret:cursor-test-${secrets}`;
}

type Send = (command: { readonly input: { readonly SecretId?: string } }) => Promise<unknown>;

function mockSecretsManager(...answers: ((secretId: string | undefined) => unknown)[]) {
  const send = vi.spyOn(SecretsManagerClient.prototype, "send") as unknown as ReturnType<typeof vi.fn<Send>>;
  for (const answer of answers) {
    send.mockImplementationOnce(async (command) => answer(command.input.SecretId));
  }
  return send;
}

beforeEach(() => {
  vi.stubEnv(localEnvNames.cursorSecret, "");
  vi.stubEnv(envNames.cursorSecretId, freshSecretId());
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe("cursorSecretFromEnvironment", () => {
  it("uses PORTICO_LOCAL_CURSOR_SECRET and never calls AWS (Secrets Manager mocked)", async () => {
    vi.stubEnv(localEnvNames.cursorSecret, "local-secret");
    vi.stubEnv(envNames.cursorSecretId, undefined);
    const send = mockSecretsManager();
    const secret = cursorSecretFromEnvironment();
    await expect(secret()).resolves.toBe("local-secret");
    await expect(secret()).resolves.toBe("local-secret");
    expect(send).not.toHaveBeenCalled();
  });

  it("fetches the secret PORTICO_CURSOR_SECRET_ID names once per container (Secrets Manager mocked)", async () => {
    const secretId = process.env[envNames.cursorSecretId];
    const send = mockSecretsManager(() => ({ SecretString: goodSecret }));
    vi.useFakeTimers({ toFake: ["Date"] });
    const secret = cursorSecretFromEnvironment();
    await expect(secret()).resolves.toBe(goodSecret);
    // Past Powertools' own cache: the container keeps the key it fetched.
    vi.setSystemTime(Date.now() + 60 * 60 * 1000);
    await expect(secret()).resolves.toBe(goodSecret);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]?.[0].input.SecretId).toBe(secretId);
  });

  it("shares one fetch between calls made while it is under way (Secrets Manager mocked)", async () => {
    const send = mockSecretsManager(() => ({ SecretString: goodSecret }));
    const secret = cursorSecretFromEnvironment();
    await expect(Promise.all([secret(), secret()])).resolves.toEqual([goodSecret, goodSecret]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("retries a failed fetch on the next call (Secrets Manager mocked)", async () => {
    const send = mockSecretsManager(
      () => {
        throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
      },
      () => ({ SecretString: goodSecret }),
    );
    const secret = cursorSecretFromEnvironment();
    await expect(secret()).rejects.toThrow();
    await expect(secret()).resolves.toBe(goodSecret);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it.each([
    ["a secret shorter than the minimum", { SecretString: "k".repeat(minimumCursorSecretLength - 1) }],
    ["a binary secret", { SecretBinary: new Uint8Array(minimumCursorSecretLength * 2) }],
  ])("refuses %s with CursorSecretUnusableError (Secrets Manager mocked)", async (_, answer) => {
    const secretId = process.env[envNames.cursorSecretId] as string;
    mockSecretsManager(() => answer);
    const error = await cursorSecretFromEnvironment()().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CursorSecretUnusableError);
    expect(error).toMatchObject({ code: CursorSecretUnusableError.code });
    expect((error as Error).message).toContain(secretId);
  });

  it("keeps no state between two calls of cursorSecretFromEnvironment (Secrets Manager mocked)", async () => {
    const send = mockSecretsManager(
      () => {
        throw new Error("unreachable");
      },
      () => ({ SecretString: goodSecret }),
    );
    await expect(cursorSecretFromEnvironment()()).rejects.toThrow();
    await expect(cursorSecretFromEnvironment()()).resolves.toBe(goodSecret);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it("says which variable is missing when neither is set (Secrets Manager mocked)", async () => {
    vi.stubEnv(envNames.cursorSecretId, undefined);
    const send = mockSecretsManager();
    await expect(cursorSecretFromEnvironment()()).rejects.toThrow(envNames.cursorSecretId);
    expect(send).not.toHaveBeenCalled();
  });
});
