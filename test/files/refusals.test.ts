/**
 * API.md, Files: uploads the local S3 front refuses with S3's own error codes, as S3 would, and
 * uploads S3 accepts but whose bytes lie about their type, which the recorder deletes. None of them
 * is ever recorded on the user, and none is left in the bucket.
 */

import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { describe, expect, it } from "vitest";
import { htmlBytes, pngBytes, type UploadTicket, uploadWithTicket } from "../support/uploads.js";
import { bucketName, s3ErrorCode, useLocalStack } from "./local-stack.js";

const stack = useLocalStack();

async function avatarOf(sub: string): Promise<unknown> {
  return ((await (await stack().call(sub, "GET", "/users/me")).json()) as { avatar: unknown }).avatar;
}

/** The upload was refused with `code` (and `status`), nothing was stored at the key, and the user has no avatar. */
async function expectRefused(
  sub: string,
  ticket: UploadTicket,
  upload: Response,
  status: number,
  code: string,
) {
  expect([upload.status, await s3ErrorCode(upload)]).toEqual([status, code]);
  expect(await stack().exists(new URL(ticket.url).origin, ticket.key)).toBe(false);
  expect(await avatarOf(sub)).toBeNull();
}

describe("an upload the S3 front refuses", () => {
  it("is a file over the ticket's size limit: EntityTooLarge", async () => {
    const sub = await stack().newUser("big");
    const ticket = await stack().ticket(sub);
    await expectRefused(
      sub,
      ticket,
      await uploadWithTicket(ticket, pngBytes(ticket.maxBytes + 1)),
      400,
      "EntityTooLarge",
    );
  });

  it("is an empty file: EntityTooSmall", async () => {
    const sub = await stack().newUser("empty");
    const ticket = await stack().ticket(sub);
    await expectRefused(sub, ticket, await uploadWithTicket(ticket, new Uint8Array()), 400, "EntityTooSmall");
  });

  it("declares another type than its ticket's: AccessDenied", async () => {
    const sub = await stack().newUser("type");
    const ticket = await stack().ticket(sub);
    const upload = await uploadWithTicket(ticket, pngBytes(), { fields: { "Content-Type": "text/html" } });
    await expectRefused(sub, ticket, upload, 403, "AccessDenied");
  });

  it("names another key than its ticket's, even the owner's own prefix: AccessDenied", async () => {
    const sub = await stack().newUser("key");
    const ticket = await stack().ticket(sub);
    const otherKey = ticket.key.replace(/[0-9a-f]{12}$/, "000000000000");
    const upload = await uploadWithTicket(ticket, pngBytes(), { fields: { key: otherKey } });
    expect([upload.status, await s3ErrorCode(upload)]).toEqual([403, "AccessDenied"]);
    expect(await stack().exists(new URL(ticket.url).origin, otherKey)).toBe(false);
    expect(await avatarOf(sub)).toBeNull();
  });

  it("uses its ticket for another user's key: AccessDenied, and that user's avatar is untouched", async () => {
    const alice = await stack().newUser("alice");
    const bob = await stack().newUser("bob");
    const ticket = await stack().ticket(alice);
    const bobsKey = ticket.key.replace(`users/${alice}/`, `users/${bob}/`);
    const upload = await uploadWithTicket(ticket, pngBytes(), { fields: { key: bobsKey } });
    expect([upload.status, await s3ErrorCode(upload)]).toEqual([403, "AccessDenied"]);
    expect(await stack().exists(new URL(ticket.url).origin, bobsKey)).toBe(false);
    expect(await avatarOf(bob)).toBeNull();
  });

  it("asks for a ticket on another user's avatar: a 403 problem from the API, before any ticket exists", async () => {
    const alice = await stack().newUser("asker");
    const bob = await stack().newUser("target");
    const reply = await stack().call(alice, "POST", `/users/${bob}/avatar`, { contentType: "image/png" });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("carries a tampered signature: SignatureDoesNotMatch", async () => {
    const sub = await stack().newUser("forger");
    const ticket = await stack().ticket(sub);
    const upload = await uploadWithTicket(ticket, pngBytes(), {
      fields: { "X-Amz-Signature": "0".repeat(64) },
    });
    await expectRefused(sub, ticket, upload, 403, "SignatureDoesNotMatch");
  });

  it("carries a policy that was widened after signing: SignatureDoesNotMatch", async () => {
    const sub = await stack().newUser("widener");
    const ticket = await stack().ticket(sub);
    const policy = JSON.parse(Buffer.from(ticket.fields.Policy as string, "base64").toString()) as {
      conditions: unknown[];
    };
    policy.conditions = policy.conditions.map((condition) =>
      Array.isArray(condition) && condition[0] === "content-length-range"
        ? ["content-length-range", 1, 1e9]
        : condition,
    );
    const upload = await uploadWithTicket(ticket, pngBytes(), {
      fields: { Policy: Buffer.from(JSON.stringify(policy)).toString("base64") },
    });
    await expectRefused(sub, ticket, upload, 403, "SignatureDoesNotMatch");
  });

  it("comes with an expired ticket: AccessDenied", async () => {
    const sub = await stack().newUser("late");
    const ticket = await stack().ticket(sub);
    // A ticket for the same key signed by the twin's own credentials, but for one second only.
    const endpoint = new URL(ticket.url).origin;
    const { url, fields } = await createPresignedPost(stack().s3(endpoint), {
      Bucket: bucketName,
      Key: ticket.key,
      Conditions: [
        ["content-length-range", 1, ticket.maxBytes],
        ["eq", "$Content-Type", "image/png"],
      ],
      Fields: { "Content-Type": "image/png" },
      Expires: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const upload = await uploadWithTicket({ ...ticket, url, fields }, pngBytes());
    await expectRefused(sub, ticket, upload, 403, "AccessDenied");
  });

  it("is a form without any signature, or an unsigned PUT: AccessDenied", async () => {
    const sub = await stack().newUser("anonymous");
    const ticket = await stack().ticket(sub);
    const unsignedForm = await uploadWithTicket(ticket, pngBytes(), {
      omit: ["Policy", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Algorithm", "X-Amz-Date"],
    });
    await expectRefused(sub, ticket, unsignedForm, 403, "AccessDenied");
    const put = await fetch(`${new URL(ticket.url).origin}/${bucketName}/${ticket.key}`, {
      method: "PUT",
      headers: { "content-type": "image/png" },
      body: new Uint8Array(pngBytes()),
    });
    await expectRefused(sub, ticket, put, 403, "AccessDenied");
    const list = await fetch(`${new URL(ticket.url).origin}/${bucketName}?list-type=2`);
    expect([list.status, await s3ErrorCode(list)]).toEqual([403, "AccessDenied"]);
  });
});

describe("an upload whose bytes are not the type it declared", () => {
  it.each([
    ["a PNG declared as JPEG", "image/jpeg", pngBytes()],
    ["an HTML page declared as PNG", "image/png", htmlBytes],
  ])(
    "(%s) is accepted by S3, then deleted by the recorder and never recorded",
    async (_, contentType, bytes) => {
      const sub = await stack().newUser("liar");
      const ticket = await stack().ticket(sub, "/users/me/avatar", contentType);
      expect((await uploadWithTicket(ticket, bytes)).status).toBe(204);
      await stack().expectDeleted(ticket);
      expect(await avatarOf(sub)).toBeNull();
    },
  );
});
