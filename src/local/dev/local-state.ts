/**
 * The `.portico/` data folder: what the dev server keeps between runs (DynamoDB data, objects,
 * the issuer's key pair, the cursor secret) and what it tells other commands while it runs.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { localPrefix } from "../../runtime/http/local-twin.js";
import { newAccessKeyId } from "../services/dynamodb/access-key.js";

export const defaultDataDir = ".portico";

/** The local token issuer's `iss` for a dev server at `url` (`http://127.0.0.1:3000`). */
export function localIssuer(url: string): string {
  return `${url}${localPrefix}`;
}

/** A random secret made once per data folder (by `make`), so it stays the same across restarts. */
export async function persistentSecret(
  dataDir: string,
  name: string,
  make: () => string = () => randomBytes(32).toString("hex"),
): Promise<string> {
  const file = join(dataDir, name);
  try {
    const secret = (await readFile(file, "utf8")).trim();
    if (secret.length >= 32) return secret;
  } catch {
    // Not made yet.
  }
  const secret = make();
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The DynamoDB access key id made once per data folder: the key to its data (0600, like every secret here). */
export function persistentAccessKeyId(dataDir: string): Promise<string> {
  return persistentSecret(dataDir, "dynamodb-access-key", newAccessKeyId);
}

/** The embedded S3's credentials: the access key id is in every presigned URL, the secret never leaves this machine. */
export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Fresh S3 credentials: an AWS-shaped access key id (20 characters) and a 40-character random secret. */
export function newS3Credentials(): S3Credentials {
  return {
    accessKeyId: `PORTICO${randomBytes(7).toString("hex").toUpperCase().slice(0, 13)}`,
    secretAccessKey: randomBytes(30).toString("base64url").slice(0, 40),
  };
}

/** The S3 credentials made once per data folder (0600), so presigned URLs outlive a restart. */
export async function persistentS3Credentials(dataDir: string): Promise<S3Credentials> {
  const pair = await persistentSecret(dataDir, "s3-credentials", () => {
    const made = newS3Credentials();
    return `${made.accessKeyId}:${made.secretAccessKey}`;
  });
  const [accessKeyId = "", secretAccessKey = ""] = pair.split(":");
  return { accessKeyId, secretAccessKey };
}

/** What a running dev server publishes for `portico invoke` and `portico token`. */
export interface RunningServer {
  readonly url: string;
  /** The local token issuer's `iss`: a token must carry it to pass this server's authorizer. */
  readonly issuer: string;
  readonly dynamodbEndpoint: string;
  /** The access key id whose database holds the data (DynamoDB Local shows other keys nothing). */
  readonly dynamodbAccessKeyId: string;
  readonly tableName: string;
  readonly bucketName: string;
  readonly s3Endpoint: string;
  readonly pid: number;
}

const runningFile = (dataDir: string) => join(dataDir, "dev-server.json");

export async function publishRunning(dataDir: string, state: RunningServer): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  // 0600: it names the DynamoDB access key that guards the local data.
  await writeFile(runningFile(dataDir), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export async function readRunning(dataDir: string): Promise<RunningServer | undefined> {
  try {
    const state = JSON.parse(await readFile(runningFile(dataDir), "utf8")) as RunningServer;
    process.kill(state.pid, 0);
    return state;
  } catch {
    return undefined;
  }
}

export async function clearRunning(dataDir: string): Promise<void> {
  await rm(runningFile(dataDir), { force: true });
}
