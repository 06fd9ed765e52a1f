/**
 * API.md, Files: an avatar goes straight to the embedded S3 with its ticket, is recorded once S3
 * reports it, is read through a presigned GET and replaced or deleted, over real HTTP against the
 * whole local stack (the S3 front, s3rver, the recorder invoked by the bucket's events).
 */
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { s3EventOf } from "../../src/local/dev/file-events.js";
import { createFileBucket, createStore, fileRecorder } from "../../src/runtime/index.js";
import { localDynamoDbClient } from "../support/api.js";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";
import { bucketName, eventually, s3ErrorCode, useLocalStack } from "./local-stack.js";

const stack = useLocalStack();

type Avatar = { key: string; contentType: string; size: number; updatedAt: string } | null;

async function profile(sub: string): Promise<{ avatar: Avatar; version: number; etag: string | null }> {
  const reply = await stack().call(sub, "GET", "/users/me");
  const body = (await reply.json()) as { avatar: Avatar; version: number };
  return { avatar: body.avatar, version: body.version, etag: reply.headers.get("etag") };
}

const recorded = (key: string) => (user: { avatar: Avatar }) => user.avatar?.key === key;

describe("an avatar upload", () => {
  it("answers a ticket that pins the owner's key, the type and the size for 5 minutes", async () => {
    const sub = await stack().newUser("ticket");
    const before = Date.now();
    const ticket = await stack().ticket(sub);
    const after = Date.now();
    expect(ticket.key).toMatch(new RegExp(`^users/${sub}/avatar/[0-9a-f-]{36}$`));
    expect(ticket.maxBytes).toBe(5 * 1024 * 1024);
    expect(ticket.fields).toMatchObject({ key: ticket.key, "Content-Type": "image/png", bucket: bucketName });
    expect(new URL(ticket.url).hostname).toBe("127.0.0.1");
    // Made while the request ran, for 300 s; the policy S3 enforces says the same (to its second).
    const expiresAt = Date.parse(ticket.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 300_000 - 1_000);
    expect(expiresAt).toBeLessThanOrEqual(after + 300_000);
    const policy = JSON.parse(Buffer.from(ticket.fields.Policy ?? "", "base64").toString()) as {
      expiration: string;
    };
    expect(Math.abs(Date.parse(policy.expiration) - expiresAt)).toBeLessThanOrEqual(1_000);
  });

  it("is recorded on the user with its size and type once S3 has it, as a change of the user", async () => {
    const sub = await stack().newUser("accepted");
    const before = await profile(sub);
    const ticket = await stack().ticket(sub);
    const bytes = pngBytes(2048);
    const upload = await uploadWithTicket(ticket, bytes);
    expect(upload.status).toBe(204);
    const after = await eventually(() => profile(sub), recorded(ticket.key));
    expect(after.avatar).toEqual({
      key: ticket.key,
      contentType: "image/png",
      size: 2048,
      updatedAt: expect.stringMatching(/Z$/),
    });
    expect(after.version).toBe(before.version + 1);
    expect(after.etag).not.toBe(before.etag);
  });

  it("is served by a presigned GET with identical bytes, and only with a valid signature", async () => {
    const sub = await stack().newUser("reader");
    const ticket = await stack().ticket(sub);
    const bytes = pngBytes(4096);
    await uploadWithTicket(ticket, bytes);
    await eventually(() => profile(sub), recorded(ticket.key));

    const redirect = await stack().call(sub, "GET", "/users/me/avatar");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("cache-control")).toBe("no-store");
    const location = new URL(redirect.headers.get("location") as string);
    expect(location.searchParams.get("X-Amz-Expires")).toBe("300");
    const file = await fetch(location);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);

    const unsigned = await fetch(`${location.origin}${location.pathname}`);
    expect([unsigned.status, await s3ErrorCode(unsigned)]).toEqual([403, "AccessDenied"]);
    const tampered = new URL(location);
    tampered.searchParams.set("X-Amz-Signature", "0".repeat(64));
    const forged = await fetch(tampered);
    expect([forged.status, await s3ErrorCode(forged)]).toEqual([403, "SignatureDoesNotMatch"]);
    const otherKey = new URL(location);
    otherKey.pathname = otherKey.pathname.replace(
      /avatar\/.*/,
      "avatar/0190a4b2-0000-7000-8000-000000000000",
    );
    const moved = await fetch(otherKey);
    expect([moved.status, await s3ErrorCode(moved)]).toEqual([403, "SignatureDoesNotMatch"]);

    const shortLived = await getSignedUrl(
      stack().s3(location.origin),
      new GetObjectCommand({ Bucket: bucketName, Key: ticket.key }),
      { expiresIn: 1 },
    );
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const expired = await fetch(shortLived);
    expect([expired.status, await s3ErrorCode(expired)]).toEqual([403, "AccessDenied"]);
  });

  it("answers 404 for a user with no avatar", async () => {
    const sub = await stack().newUser("none");
    const reply = await stack().call(sub, "GET", "/users/me/avatar");
    expect(reply.status).toBe(404);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("replaced by a newer upload deletes the older object; of two racing uploads the later ticket wins", async () => {
    const sub = await stack().newUser("racer");
    const first = await stack().ticket(sub);
    const second = await stack().ticket(sub);
    // The later ticket lands first: the earlier one, arriving after, must not take its place.
    expect((await uploadWithTicket(second, pngBytes(100))).status).toBe(204);
    await eventually(() => profile(sub), recorded(second.key));
    expect((await uploadWithTicket(first, pngBytes(200))).status).toBe(204);
    const endpoint = new URL(first.url).origin;
    await eventually(
      () => stack().exists(endpoint, first.key),
      (exists) => !exists,
    );
    expect((await profile(sub)).avatar?.key).toBe(second.key);
    expect(await stack().exists(endpoint, second.key)).toBe(true);

    const third = await stack().ticket(sub);
    await uploadWithTicket(third, pngBytes(300));
    await eventually(() => profile(sub), recorded(third.key));
    expect(
      await eventually(
        () => stack().exists(endpoint, second.key),
        (exists) => !exists,
      ),
    ).toBe(false);
  });

  it("whose S3 event is delivered again changes nothing", async () => {
    const sub = await stack().newUser("replay");
    const ticket = await stack().ticket(sub);
    const bytes = pngBytes(512);
    await uploadWithTicket(ticket, bytes);
    const once = await eventually(() => profile(sub), recorded(ticket.key));
    const endpoint = new URL(ticket.url).origin;
    const client = localDynamoDbClient();
    try {
      // The same recorder, on the same table and bucket, given the same event again (S3 delivers at least once).
      const recorder = fileRecorder(app, {
        store: createStore({ client, tableName: stack().tableName }),
        bucket: createFileBucket({ client: stack().s3(endpoint), name: bucketName }),
      });
      const event = s3EventOf({
        bucket: bucketName,
        key: ticket.key,
        size: bytes.length,
        eventName: "ObjectCreated:Post",
      });
      expect((await recorder(event as never)).results).toEqual(["duplicate"]);
    } finally {
      client.destroy();
    }
    expect(await profile(sub)).toEqual(once);
    expect(await stack().exists(endpoint, ticket.key)).toBe(true);
  });

  it("leaves alone keys it does not own: another bucket's, another prefix's, a key no slot would make", async () => {
    const sub = await stack().newUser("neighbour");
    const ticket = await stack().ticket(sub);
    const endpoint = new URL(ticket.url).origin;
    const s3 = stack().s3(endpoint);
    const keys = ["notes/readme.txt", `users/${sub}/avatar/not-a-file-id`];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: bucketName, Key, Body: "x" }));
    const client = localDynamoDbClient();
    try {
      const recorder = fileRecorder(app, {
        store: createStore({ client, tableName: stack().tableName }),
        bucket: createFileBucket({ client: s3, name: bucketName }),
      });
      const events = [
        s3EventOf({ bucket: "another-bucket", key: ticket.key, size: 1, eventName: "ObjectCreated:Put" }),
        ...keys.map((key) => s3EventOf({ bucket: bucketName, key, size: 1, eventName: "ObjectCreated:Put" })),
      ];
      for (const event of events) expect((await recorder(event as never)).results).toEqual(["ignored"]);
    } finally {
      client.destroy();
    }
    for (const key of keys) expect(await stack().exists(endpoint, key)).toBe(true);
    expect((await profile(sub)).avatar).toBeNull();
  });

  it("deleted answers 204, removes the object and leaves the user without one", async () => {
    const sub = await stack().newUser("deleter");
    const ticket = await stack().ticket(sub);
    await uploadWithTicket(ticket, pngBytes());
    await eventually(() => profile(sub), recorded(ticket.key));
    const endpoint = new URL(ticket.url).origin;
    expect((await stack().call(sub, "DELETE", "/users/me/avatar")).status).toBe(204);
    expect(await stack().exists(endpoint, ticket.key)).toBe(false);
    expect((await profile(sub)).avatar).toBeNull();
    expect((await stack().call(sub, "GET", "/users/me/avatar")).status).toBe(404);
    expect((await stack().call(sub, "DELETE", "/users/me/avatar")).status).toBe(404);
  });
});
