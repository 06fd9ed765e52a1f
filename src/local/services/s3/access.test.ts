/**
 * Who may read and write the embedded S3: the owner's header-signed requests, presigned URLs, and
 * nothing else. Each refusal carries S3's code, and the object is untouched afterwards.
 */
import { randomBytes } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type S3Service, startS3 } from "./index.js";
import { BUCKET, PNG, s3Error, stored } from "./test-support.js";

let s3: S3Service;

beforeAll(async () => {
  s3 = await startS3({ inMemory: true, buckets: [BUCKET] });
  await s3
    .client()
    .send(new PutObjectCommand({ Bucket: BUCKET, Key: "kept.png", Body: PNG, ContentType: "image/png" }));
  await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "other.png", Body: "other" }));
});
afterAll(() => s3.stop());

const presignedGet = (key: string, options: Parameters<typeof getSignedUrl>[2] = { expiresIn: 60 }) =>
  getSignedUrl(s3.client(), new GetObjectCommand({ Bucket: BUCKET, Key: key }), options);

async function keptIsIntact(): Promise<void> {
  const object = await s3.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: "kept.png" }));
  expect(Buffer.from(await (object.Body?.transformToByteArray() ?? [])).equals(PNG)).toBe(true);
}

describe("a presigned GET", () => {
  test("serves the object's bytes", async () => {
    const response = await fetch(await presignedGet("kept.png"));

    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test("once expired is AccessDenied: Request has expired, with S3's times", async () => {
    const url = await presignedGet("kept.png", {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 60 * 60 * 1000),
    });

    const error = await s3Error(await fetch(url));

    expect(error).toMatchObject({ status: 403, code: "AccessDenied", message: "Request has expired" });
    expect(error.body).toMatch(
      /<X-Amz-Expires>60<\/X-Amz-Expires><Expires>[^<]+Z<\/Expires><ServerTime>[^<]+Z<\/ServerTime>/,
    );
  });

  const tampered: [string, (url: URL) => void][] = [
    ["signature", (url) => url.searchParams.set("X-Amz-Signature", "0".repeat(64))],
    [
      "key",
      (url) => {
        url.pathname = `/${BUCKET}/other.png`;
      },
    ],
    ["expiry", (url) => url.searchParams.set("X-Amz-Expires", "61")],
    ["query", (url) => url.searchParams.set("response-content-type", "text/html")],
  ];
  test.each(tampered)("with a tampered %s is SignatureDoesNotMatch", async (_part, tamper) => {
    const url = new URL(await presignedGet("kept.png"));
    tamper(url);

    expect(await s3Error(await fetch(url))).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
  });

  test("valid for more than a week is AuthorizationQueryParametersError", async () => {
    const url = new URL(await presignedGet("kept.png"));
    url.searchParams.set("X-Amz-Expires", "604801");

    expect(await s3Error(await fetch(url))).toMatchObject({
      status: 400,
      code: "AuthorizationQueryParametersError",
    });
  });
});

describe("an anonymous request", () => {
  const anonymous: [string, string, RequestInit][] = [
    ["GET of an object", "/kept.png", {}],
    ["listing", "", {}],
    ["PUT", "/kept.png", { method: "PUT", body: "overwritten" }],
    ["DELETE", "/kept.png", { method: "DELETE" }],
    ["non-form POST", "", { method: "POST", body: "x" }],
  ];
  test.each(anonymous)("%s is AccessDenied and leaves the object untouched", async (_name, path, init) => {
    const response = await fetch(`${s3.endpoint}/${BUCKET}${path}`, init);

    expect(response.headers.get("content-type")).toBe("application/xml");
    expect(response.headers.get("x-amz-id-2")).not.toBeNull();
    expect(await s3Error(response)).toMatchObject({
      status: 403,
      code: "AccessDenied",
      message: "Access Denied",
    });
    await keptIsIntact();
  });
});

describe("header-signed requests", () => {
  test("from client() do the owner's operations", async () => {
    const client = s3.client();
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "ops/a.txt", Body: "a", ContentType: "text/plain" }),
    );
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "ops/b.txt", Body: "b" }));

    expect((await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "ops/a.txt" }))).ContentType).toBe(
      "text/plain",
    );
    const read = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "ops/a.txt" }));
    expect(await read.Body?.transformToString()).toBe("a");
    const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "ops/" }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(["ops/a.txt", "ops/b.txt"]);
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "ops/a.txt" }));
    await client.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: "ops/b.txt" }] } }),
    );
    expect(await stored(s3, "ops/a.txt")).toBe(false);
    expect(await stored(s3, "ops/b.txt")).toBe(false);
  });

  test("signed with a wrong secret are SignatureDoesNotMatch", async () => {
    const guessed = ownClient({ secretAccessKey: randomBytes(30).toString("base64") });
    try {
      await expect(
        guessed.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "kept.png" })),
      ).rejects.toMatchObject({
        name: "SignatureDoesNotMatch",
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      guessed.destroy();
    }
    await keptIsIntact();
  });

  test("signed an hour ago are RequestTimeTooSkewed", async () => {
    const late = ownClient({}, { systemClockOffset: -60 * 60 * 1000, maxAttempts: 1 });
    try {
      await expect(
        late.send(new GetObjectCommand({ Bucket: BUCKET, Key: "kept.png" })),
      ).rejects.toMatchObject({
        name: "RequestTimeTooSkewed",
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      late.destroy();
    }
  });

  test("whose body is not the one signed are XAmzContentSHA256Mismatch, and nothing is stored", async () => {
    const client = ownClient();
    // After signing, before sending: the body changes, its length does not.
    client.middlewareStack.add(
      (next) => (args) => {
        (args.request as { body: unknown }).body = "w";
        return next(args);
      },
      { step: "deserialize" },
    );
    try {
      await expect(
        client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "swapped.txt", Body: "v" })),
      ).rejects.toMatchObject({
        name: "XAmzContentSHA256Mismatch",
      });
    } finally {
      client.destroy();
    }
    expect(await stored(s3, "swapped.txt")).toBe(false);
  });
});

describe("s3rver itself", () => {
  test("listens only on a Unix socket in a folder only the account running it can open; the front is the one TCP listener", async () => {
    const listeners = () =>
      process.getActiveResourcesInfo().filter((type) => type === "TCPServerWrap").length;
    const before = listeners();
    const beforeDirs = new Set(await readdir(tmpdir()));
    const another = await startS3({ inMemory: true, buckets: [BUCKET] });
    try {
      expect(listeners()).toBe(before + 1);
      const added = (await readdir(tmpdir())).filter(
        (name) => !beforeDirs.has(name) && name.startsWith("portico-s3-"),
      );
      expect(added).toHaveLength(1);
      const folder = join(tmpdir(), added[0] as string);
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
      expect((await stat(join(folder, "s3rver.sock"))).isSocket()).toBe(true);
    } finally {
      await another.stop();
    }
  });
});

function ownClient(
  secret: { secretAccessKey?: string } = {},
  config: { systemClockOffset?: number; maxAttempts?: number } = {},
): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { ...s3.credentials, ...secret },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...config,
  });
}
