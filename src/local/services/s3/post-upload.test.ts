/**
 * The presigned POST contract of the embedded S3: a browser form made from a `createPresignedPost`
 * ticket is stored when S3 would store it, and refused with S3's code otherwise — never stored,
 * never reported.
 */
import { randomBytes } from "node:crypto";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { type S3ObjectCreatedRecord, type S3Service, startS3 } from "./index.js";
import { BUCKET, PNG, postForm, s3Error, stored, ticketFor } from "./test-support.js";

let s3: S3Service;
const created: S3ObjectCreatedRecord[] = [];

beforeAll(async () => {
  s3 = await startS3({
    inMemory: true,
    buckets: [BUCKET],
    onObjectCreated: (record) => created.push(record),
  });
});
afterAll(() => s3.stop());
beforeEach(() => {
  created.length = 0;
});

describe("an accepted POST upload", () => {
  test("is stored byte for byte with its Content-Type, answered 204 and reported as ObjectCreated:Post", async () => {
    const ticket = await ticketFor(s3.client(), "avatars/u1.png");

    const response = await postForm(ticket, PNG);

    expect(response.status).toBe(204);
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get("location")).toBe(`${s3.endpoint}/${BUCKET}/avatars/u1.png`);
    expect(response.headers.get("x-amz-request-id")).toMatch(/^[0-9A-F]{16}$/);
    const url = await getSignedUrl(
      s3.client(),
      new GetObjectCommand({ Bucket: BUCKET, Key: "avatars/u1.png" }),
    );
    const read = await fetch(url);
    expect(read.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await read.arrayBuffer()).equals(PNG)).toBe(true);
    const owned = await s3.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: "avatars/u1.png" }));
    expect(Buffer.from(await (owned.Body?.transformToByteArray() ?? [])).equals(PNG)).toBe(true);
    expect(created).toEqual([
      {
        bucket: BUCKET,
        key: "avatars/u1.png",
        size: PNG.length,
        eTag: expect.any(String),
        eventName: "ObjectCreated:Post",
      },
    ]);
  });

  test("with success_action_status 201 answers S3's PostResponse document", async () => {
    const ticket = await ticketFor(s3.client(), "avatars/u201.png", {
      fields: { success_action_status: "201" },
    });

    const response = await postForm(ticket, PNG);

    expect(response.status).toBe(201);
    const body = await response.text();
    expect(body).toContain("<PostResponse>");
    expect(body).toContain("<Key>avatars/u201.png</Key>");
    expect(body).toMatch(/<ETag>(&quot;|")[0-9a-f]{32}(&quot;|")<\/ETag>/);
  });

  test("from an allowed origin echoes the origin and exposes the ETag", async () => {
    const ticket = await ticketFor(s3.client(), "avatars/cors.png");

    const response = await postForm(ticket, PNG, {}, { Origin: "http://localhost:5173" });

    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("a refused POST upload is not stored and not reported", () => {
  const refusals: [string, () => Promise<Response>, number, string, RegExp?][] = [
    [
      "a file over the policy's maximum",
      async () => postForm(await ticketFor(s3.client(), "r/big.png"), randomBytes(4096)),
      400,
      "EntityTooLarge",
      /exceeds the maximum/,
    ],
    [
      "a file under the policy's minimum",
      async () => postForm(await ticketFor(s3.client(), "r/small.png", { minBytes: 100 }), PNG),
      400,
      "EntityTooSmall",
    ],
    [
      "a Content-Type the policy does not allow",
      async () => postForm(await ticketFor(s3.client(), "r/type.png"), PNG, { "Content-Type": "text/html" }),
      403,
      "AccessDenied",
      /Policy Condition failed: \["eq", "\$Content-Type", "image\/png"\]/,
    ],
    [
      "another key than the ticket's",
      async () => postForm(await ticketFor(s3.client(), "r/key.png"), PNG, { key: "r/other.png" }),
      403,
      "AccessDenied",
      /Policy Condition failed: \["eq", "\$key", "r\/key.png"\]/,
    ],
    [
      "a field no condition covers",
      async () => postForm(await ticketFor(s3.client(), "r/extra.png"), PNG, { "x-amz-meta-owner": "evil" }),
      403,
      "AccessDenied",
      /Extra input fields: x-amz-meta-owner/,
    ],
    [
      "a tampered signature",
      async () => {
        const ticket = await ticketFor(s3.client(), "r/signature.png");
        const signature = ticket.fields["X-Amz-Signature"] as string;
        return postForm(ticket, PNG, {
          "X-Amz-Signature": `${signature.slice(0, -1)}${signature.endsWith("0") ? "1" : "0"}`,
        });
      },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "a tampered policy",
      async () => {
        const ticket = await ticketFor(s3.client(), "r/policy.png");
        const policy = Buffer.from(ticket.fields.Policy as string, "base64")
          .toString()
          .replace("1024", "999999");
        return postForm(ticket, randomBytes(4096), { Policy: Buffer.from(policy).toString("base64") });
      },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "another service's ticket",
      async () => {
        const other = await startS3({ inMemory: true, buckets: [BUCKET] });
        try {
          const ticket = await ticketFor(other.client(), "r/other-service.png");
          return await postForm({ ...ticket, url: `${s3.endpoint}/${BUCKET}` }, PNG);
        } finally {
          await other.stop();
        }
      },
      403,
      "InvalidAccessKeyId",
    ],
    [
      "a ticket signed with a guessed secret",
      async () => {
        const guessed = new S3Client({
          endpoint: s3.endpoint,
          region: "us-east-1",
          forcePathStyle: true,
          credentials: {
            accessKeyId: s3.credentials.accessKeyId,
            secretAccessKey: randomBytes(30).toString("base64"),
          },
        });
        try {
          return await postForm(await ticketFor(guessed, "r/guessed.png"), PNG);
        } finally {
          guessed.destroy();
        }
      },
      403,
      "SignatureDoesNotMatch",
    ],
    [
      "an expired policy",
      async () => {
        const client = s3.client();
        // The ticket is made as if two hours ago, so its 5 minutes are long over.
        client.config.systemClockOffset = -2 * 60 * 60 * 1000;
        return postForm(await ticketFor(client, "r/expired.png"), PNG);
      },
      403,
      "AccessDenied",
      /Invalid according to Policy: Policy expired\./,
    ],
    [
      "no policy at all",
      async () =>
        postForm(
          {
            url: `${s3.endpoint}/${BUCKET}`,
            fields: { key: "r/anonymous.png", "Content-Type": "image/png" },
          },
          PNG,
        ),
      403,
      "AccessDenied",
      /^Access Denied$/,
    ],
    [
      "no key",
      async () => postForm(await ticketFor(s3.client(), "r/nokey.png"), PNG, { key: undefined }),
      400,
      "InvalidArgument",
      /must contain a field named 'key'/,
    ],
    [
      "no file",
      async () => postForm(await ticketFor(s3.client(), "r/nofile.png"), undefined),
      400,
      "InvalidArgument",
      /exactly one file/,
    ],
  ];

  test.each(refusals)("%s", async (_name, send, status, code, message) => {
    const response = await send();

    expect(response.headers.get("content-type")).toBe("application/xml");
    expect(response.headers.get("x-amz-request-id")).toMatch(/^[0-9A-F]{16}$/);
    const error = await s3Error(response);
    expect({ status: error.status, code: error.code }).toEqual({ status, code });
    if (message !== undefined) expect(error.message).toMatch(message);
    expect(error.body).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
    expect(created).toEqual([]);
  });

  test("oversize reports S3's sizes, and nothing under the ticket's key exists afterwards", async () => {
    const error = await s3Error(
      await postForm(await ticketFor(s3.client(), "r/sizes.png"), randomBytes(4096)),
    );

    expect(error.body).toContain("<MaxSizeAllowed>1024</MaxSizeAllowed>");
    expect(error.body).toMatch(/<ProposedSize>\d+<\/ProposedSize>/);
    for (const key of [
      "r/sizes.png",
      "r/big.png",
      "r/small.png",
      "r/type.png",
      "r/policy.png",
      "r/expired.png",
    ]) {
      expect(await stored(s3, key)).toBe(false);
    }
  });
});
