/**
 * S3 down, injected in process: the functions' bucket client points at a closed port while S3 is
 * "down" and at a real embedded S3 while it is up (over HTTP the same front takes the uploads, so
 * it cannot be down for the functions alone). A ticket is still made (presigning needs no S3),
 * and the file recorder, delivered as the dev server delivers it (`createRecorderDelivery`, two
 * retries), records the upload once S3 is back, or gives up and leaves the item untouched.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ensureTable } from "portico/local/dynamodb";
import { describeApp } from "portico/model";
import {
  createStore,
  createTableInput,
  type FileBucket,
  fileRecorder,
  route,
  type UploadTicket,
} from "portico/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { createRecorderDelivery } from "../../src/local/dev/file-events.js";
import { type S3Service, startS3 } from "../../src/local/services/s3/index.js";
import { unique, userBody } from "../http/users-helpers.js";
import { localDynamoDbClient } from "../support/api.js";
import { closedPort } from "../support/closed-port.js";
import { createEventV2, getUserEvent } from "../support/events.js";
import { pngBytes } from "../support/uploads.js";

const description = describeApp(app);
const bucketName = description.bucket.name;
const recorder = description.functions.find((fn) => fn.trigger.kind === "s3");
const database = localDynamoDbClient();
const tableName = `s3down-${Math.random().toString(36).slice(2, 10)}`;
const store = createStore({ client: database, tableName, cursorSecret: "s3-outage-secret-0123456789abcdef" });
let s3: S3Service;
let down: S3Client;
let s3Up = true;
/** The functions' bucket: the embedded S3 while it is up, a closed port while it is down. */
const bucket: FileBucket = {
  get client() {
    return s3Up ? s3.client() : down;
  },
  name: bucketName,
  now: () => new Date(),
};

beforeAll(async () => {
  await ensureTable(database, createTableInput(tableName));
  s3 = await startS3({ buckets: [bucketName], inMemory: true });
  // The functions' own settings (bounded attempts and timeouts), on a port nothing listens on.
  down = new S3Client({
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: s3.credentials,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
});
afterAll(async () => {
  down.destroy();
  database.destroy();
  await s3.stop();
});

const call = (routeKey: string, sub: string, path: string, body?: unknown) =>
  route(app, routeKey, { store, bucket })(
    createEventV2({
      method: "POST",
      path,
      routeKey,
      ...(routeKey.includes("{userId}") ? { pathParameters: { userId: "me" } } : {}),
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      claims: { sub },
    }),
  );

/** A user with an avatar ticket taken while S3 is down, and the file uploaded to S3 once it is up. */
async function uploadedWhileDown(): Promise<{ sub: string; ticket: UploadTicket }> {
  const sub = unique("s3down");
  expect((await call("POST /users", sub, "/users", userBody())).statusCode).toBe(201);
  s3Up = false;
  const reply = await call("POST /users/{userId}/avatar", sub, "/users/me/avatar", {
    contentType: "image/png",
  });
  expect(reply.statusCode).toBe(200);
  const ticket = JSON.parse(reply.body ?? "") as UploadTicket;
  const bytes = pngBytes();
  await s3
    .client()
    .send(
      new PutObjectCommand({ Bucket: bucketName, Key: ticket.key, Body: bytes, ContentType: "image/png" }),
    );
  return { sub, ticket };
}

/** Delivers the upload's event as the dev server does; `onFailure` runs after each failed attempt. */
async function deliver(ticket: UploadTicket, onFailure: () => void): Promise<string[]> {
  const handler = fileRecorder(app, { store, bucket });
  const lines: string[] = [];
  const delivery = createRecorderDelivery({
    recorder: recorder as NonNullable<typeof recorder>,
    log: (line) => lines.push(line),
    invoke: async (_name, event) => {
      try {
        return { kind: "result", result: await handler(event as Parameters<typeof handler>[0]), bytes: 0 };
      } catch (error) {
        onFailure();
        return { kind: "error", message: (error as Error).name };
      }
    },
  });
  delivery.deliver({
    bucket: bucketName,
    key: ticket.key,
    size: pngBytes().length,
    eventName: "ObjectCreated:Post",
  });
  await delivery.settled();
  return lines;
}

async function avatarOf(sub: string): Promise<unknown> {
  const reply = await route(app, "GET /users/{userId}", { store, bucket })(getUserEvent("me", sub));
  return JSON.parse(reply.body ?? "").avatar;
}

describe("S3 down", () => {
  it("still makes upload tickets, and the recorder's retry records the upload once S3 is back", async () => {
    const { sub, ticket } = await uploadedWhileDown();
    const lines = await deliver(ticket, () => {
      s3Up = true;
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/failed \(StoreUnavailableError\); retrying in 1000 ms$/);
    expect(lines[1]).toMatch(/ recorded$/);
    expect(await avatarOf(sub)).toMatchObject({ key: ticket.key, contentType: "image/png" });
  });

  it("gives up after the recorder's two retries while S3 stays down, and the item is untouched", async () => {
    const { sub, ticket } = await uploadedWhileDown();
    const lines = await deliver(ticket, () => {});
    s3Up = true;
    expect(lines.map((line) => line.replace(/^.*(retrying in \d+ ms|gave up).*$/, "$1"))).toEqual([
      "retrying in 1000 ms",
      "retrying in 2000 ms",
      "gave up",
    ]);
    expect(await avatarOf(sub)).toBeNull();
  });
});
