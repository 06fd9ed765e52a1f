/**
 * The whole local stack for the file suites, over real HTTP: a dev server with its embedded S3 and
 * its front, its token issuer, and the file recorder invoked by the bucket's events. Its data stays
 * in a temp folder of its own (not in memory), so a test can read the S3 credentials the twin made
 * there, as a developer's own tools would, to make the URLs only the server could (an expired one).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, expect } from "vitest";
import { app } from "../../app/portico.config.js";
import { type DevServer, startDevServer } from "../../src/local/dev/dev-server.js";
import { describeApp } from "../../src/model/index.js";
import { localTokenPath } from "../../src/runtime/index.js";
import { unique, userBody } from "../http/users-helpers.js";
import { sharedDynamoDb } from "../support/api.js";
import type { UploadTicket } from "../support/uploads.js";

export const bucketName = describeApp(app).bucket.name;

export interface LocalStack {
  readonly server: DevServer;
  readonly tableName: string;
  /** `fetch` on the API as `sub` (a token from `/_local/token`), JSON in and out, with more `headers`. */
  call(
    sub: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<Response>;
  /** A new user with a profile: its `sub`. */
  newUser(label: string): Promise<string>;
  /** A ticket for the caller's own avatar (or another path's slot). */
  ticket(sub: string, path?: string, contentType?: string): Promise<UploadTicket>;
  /** A client of the embedded S3 with the twin's own credentials, as the functions hold them. */
  s3(endpoint: string): S3Client;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** Whether the object exists in the bucket. */
  exists(endpoint: string, key: string): Promise<boolean>;
  /** Waits until the ticket's object is gone (the recorder deletes it after the upload answered). */
  expectDeleted(ticket: UploadTicket): Promise<void>;
}

export interface LocalStackOptions {
  /**
   * The DynamoDB the functions use, read when the stack starts (so a DynamoDB Local the file
   * started in an earlier hook): a test can then stop and restart it.
   * @default the run's shared DynamoDB Local
   */
  readonly database?: () => { readonly dynamodbEndpoint: string; readonly dynamodbAccessKeyId: string };
}

/** Starts the stack for the file: `const stack = useLocalStack();`, usable from the first hook on. */
export function useLocalStack(options: LocalStackOptions = {}): () => LocalStack {
  let stack: LocalStack | undefined;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "portico-files-"));
    const tableName = `files-${Math.random().toString(36).slice(2, 10)}`;
    const server = await startDevServer({
      app,
      port: 0,
      dataDir,
      ...(options.database ?? sharedDynamoDb)(),
      tableName,
      watch: false,
      log: () => {},
    });
    await server.ready;
    const [accessKeyId = "", secretAccessKey = ""] = (await readFile(join(dataDir, "s3-credentials"), "utf8"))
      .trim()
      .split(":");
    const credentials = { accessKeyId, secretAccessKey };
    const clients: S3Client[] = [];
    const tokens = new Map<string, Promise<string>>();
    const token = (sub: string) => {
      let pending = tokens.get(sub);
      if (pending === undefined) {
        pending = fetch(`${server.url}${localTokenPath}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ sub }),
        })
          .then((response) => response.json() as Promise<{ access_token: string }>)
          .then((body) => body.access_token);
        tokens.set(sub, pending);
      }
      return pending;
    };
    const call: LocalStack["call"] = async (sub, method, path, body, headers = {}) =>
      fetch(`${server.apiUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await token(sub)}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: "manual",
      });
    const s3 = (endpoint: string) => {
      const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
      clients.push(client);
      return client;
    };
    stack = {
      server,
      tableName,
      call,
      credentials,
      s3,
      async newUser(label) {
        const sub = unique(label);
        const created = await call(sub, "POST", "/users", userBody());
        expect(created.status).toBe(201);
        return sub;
      },
      async ticket(sub, path = "/users/me/avatar", contentType = "image/png") {
        const reply = await call(sub, "POST", path, { contentType });
        expect(reply.status).toBe(200);
        return (await reply.json()) as UploadTicket;
      },
      async expectDeleted(ticket) {
        const endpoint = new URL(ticket.url).origin;
        const exists = () => this.exists(endpoint, ticket.key);
        expect(await eventually(exists, (found) => !found)).toBe(false);
      },
      async exists(endpoint, key) {
        try {
          await s3(endpoint).send(new HeadObjectCommand({ Bucket: bucketName, Key: key }));
          return true;
        } catch (error) {
          if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
            return false;
          throw error;
        }
      },
    };
    stop = async () => {
      for (const client of clients) client.destroy();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  });
  afterAll(async () => {
    await stop?.();
  });
  return () => {
    if (stack === undefined) throw new Error("The local stack starts in beforeAll.");
    return stack;
  };
}

/** Polls `read` until `done` holds of its value (the recorder runs after the upload answers). */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The S3 error code of an XML error body. */
export async function s3ErrorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}
