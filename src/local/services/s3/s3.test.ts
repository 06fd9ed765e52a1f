import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { type S3ObjectCreatedRecord, type S3Service, startS3 } from "./index.js";
import { BUCKET, postForm, ticketFor } from "./test-support.js";

/** An 8-byte PNG signature followed by bytes that break text decoding (NUL, 0xFF, CR/LF). */
const PNG_LIKE = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x00, 0x80]),
  randomBytes(4096),
]);

let scratch: string;
const started: S3Service[] = [];

async function start(options: Parameters<typeof startS3>[0]): Promise<S3Service> {
  const service = await startS3(options);
  started.push(service);
  return service;
}

function portOf(service: S3Service): number {
  return Number(new URL(service.endpoint).port);
}

async function getBytes(service: S3Service, key: string): Promise<Buffer> {
  const object = await service.client().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
}

/** An unsigned GET with a chosen `Host` (fetch cannot set one). */
function rawGet(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, path, headers: { host } }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

function preflight(service: S3Service, origin: string, requestHeaders?: string): Promise<Response> {
  return fetch(`${service.endpoint}/${BUCKET}`, {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": "POST",
      ...(requestHeaders === undefined ? {} : { "Access-Control-Request-Headers": requestHeaders }),
    },
  });
}

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), "portico-s3-test-"));
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((service) => service.stop()));
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(scratch, { recursive: true, force: true });
});

describe("startS3", () => {
  test("listens on 127.0.0.1 and creates the configured buckets", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET, "portico-other"] });

    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { Buckets } = await s3.client().send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name).sort()).toEqual(["portico-files", "portico-other"]);
  });

  test("cannot be reached on any address but 127.0.0.1", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });
    // 127.0.0.2 is loopback too: only a server bound to every address answers there.
    const socket = connect({ host: "127.0.0.2", port: portOf(s3) });
    const [error] = (await once(socket, "error")) as [NodeJS.ErrnoException];
    expect(error.code).toBe("ECONNREFUSED");
  });

  test("accepts only the credentials it is started with; s3rver's own S3RVER key is refused", async () => {
    const credentials = {
      accessKeyId: "A1B2C3D4E5F6A7B8C9D0",
      secretAccessKey: randomBytes(30).toString("base64"),
    };
    const s3 = await start({ inMemory: true, buckets: [BUCKET], credentials });
    await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "k", Body: "v" }));
    expect(s3.credentials).toEqual(credentials);
    expect(await s3.client().config.credentials()).toMatchObject({ accessKeyId: credentials.accessKeyId });
    const own = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    try {
      await expect(own.send(new ListBucketsCommand({}))).rejects.toMatchObject({
        name: "InvalidAccessKeyId",
      });
    } finally {
      own.destroy();
    }
  });

  test("without credentials makes a random pair: a 20-character key id and a 40-character secret", async () => {
    const [first, second] = await Promise.all([
      start({ inMemory: true, buckets: [BUCKET] }),
      start({ inMemory: true, buckets: [BUCKET] }),
    ]);

    expect(first.credentials.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(first.credentials.secretAccessKey).toHaveLength(40);
    expect(second.credentials.accessKeyId).not.toBe(first.credentials.accessKeyId);
    expect(second.credentials.secretAccessKey).not.toBe(first.credentials.secretAccessKey);
  });

  test("keeps accepting a key while another service started with it stops", async () => {
    const credentials = {
      accessKeyId: "F1E2D3C4B5A6F7E8D9C0",
      secretAccessKey: randomBytes(30).toString("base64"),
    };
    const first = await start({ inMemory: true, buckets: [BUCKET], credentials });
    const second = await start({ inMemory: true, buckets: [BUCKET], credentials });
    await first.stop();
    await second.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "still", Body: "served" }));
    expect((await getBytes(second, "still")).toString()).toBe("served");
  });

  test("answers only loopback Host names, so a page that rebinds its name to 127.0.0.1 reads nothing", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });
    await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "private", Body: "secret" }));
    const url = new URL(
      await getSignedUrl(s3.client(), new GetObjectCommand({ Bucket: BUCKET, Key: "private" })),
    );
    const presigned = (host: string) => rawGet(portOf(s3), url.pathname + url.search, host);
    expect(await presigned("evil.example")).toMatchObject({
      status: 403,
      body: expect.stringContaining("AccessDenied"),
    });
    expect(await presigned("127.0.0.1.evil.example")).toMatchObject({ status: 403 });
    expect(await presigned(`127.0.0.1:${portOf(s3)}`)).toEqual({ status: 200, body: "secret" });

    const allowing = await start({ inMemory: true, buckets: [BUCKET], allowedHosts: [".example.test"] });
    const named = new S3Client({
      endpoint: `http://files.example.test:${portOf(allowing)}`,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: allowing.credentials,
    });
    const listing = new URL(await getSignedUrl(named, new GetObjectCommand({ Bucket: BUCKET, Key: "none" })));
    named.destroy();
    const answer = await rawGet(
      portOf(allowing),
      listing.pathname + listing.search,
      `files.example.test:${portOf(allowing)}`,
    );
    expect(answer).toMatchObject({ status: 404, body: expect.stringContaining("NoSuchKey") });
  });

  test("a binary PNG-like object round-trips byte for byte and is reported as created", async () => {
    const created: S3ObjectCreatedRecord[] = [];
    const s3 = await start({ inMemory: true, buckets: [BUCKET], onObjectCreated: (r) => created.push(r) });

    await s3.client().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "avatars/u1.png",
        Body: PNG_LIKE,
        ContentType: "image/png",
      }),
    );

    expect((await getBytes(s3, "avatars/u1.png")).equals(PNG_LIKE)).toBe(true);
    expect(created).toEqual([
      {
        bucket: BUCKET,
        key: "avatars/u1.png",
        size: PNG_LIKE.length,
        eTag: expect.stringMatching(/^[0-9a-f]{32}$/),
        eventName: "ObjectCreated:Put",
      },
    ]);
  });

  test("a streamed upload from client() is stored without aws-chunked framing", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });

    await s3.client().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "streamed.png",
        Body: Readable.from([PNG_LIKE]),
        ContentLength: PNG_LIKE.length,
      }),
    );

    expect((await getBytes(s3, "streamed.png")).equals(PNG_LIKE)).toBe(true);
  });

  test("a presigned browser POST upload is stored and reported with its decoded key", async () => {
    const created: S3ObjectCreatedRecord[] = [];
    const s3 = await start({ inMemory: true, buckets: [BUCKET], onObjectCreated: (r) => created.push(r) });
    const ticket = await ticketFor(s3.client(), "attachments/t1/my file.png", { maxBytes: 1024 * 1024 });

    const response = await postForm(ticket, PNG_LIKE);

    expect(response.status).toBe(204);
    expect((await getBytes(s3, "attachments/t1/my file.png")).equals(PNG_LIKE)).toBe(true);
    expect(created).toMatchObject([
      {
        bucket: BUCKET,
        key: "attachments/t1/my file.png",
        size: PNG_LIKE.length,
        eventName: "ObjectCreated:Post",
      },
    ]);
  });

  test("a throwing or rejecting onObjectCreated becomes a warning and does not fail the upload", async () => {
    const emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    let calls = 0;
    const failLater = async (): Promise<void> => {
      throw new Error("async boom");
    };
    const s3 = await start({
      inMemory: true,
      buckets: [BUCKET],
      onObjectCreated: (record) => {
        calls += 1;
        if (record.key === "sync.png") throw new Error("sync boom");
        return failLater();
      },
    });
    const client = s3.client();

    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "sync.png", Body: PNG_LIKE }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "async.png", Body: PNG_LIKE }));

    expect(calls).toBe(2);
    await vi.waitFor(() => expect(emitWarning).toHaveBeenCalledTimes(2));
    expect(emitWarning.mock.calls.map(([message]) => String(message)).join("\n")).toMatch(
      /sync\.png: Error: sync boom[\s\S]*async\.png: Error: async boom/,
    );
    expect((await getBytes(s3, "async.png")).equals(PNG_LIKE)).toBe(true);
  });

  test("objects and buckets persist across stop and start with the same dataDir", async () => {
    const dataDir = join(scratch, ".portico", "s3");
    const first = await start({ dataDir, buckets: [BUCKET] });
    await first.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "kept.png", Body: PNG_LIKE }));
    await first.stop();

    const second = await start({ dataDir, buckets: [BUCKET] });

    expect((await getBytes(second, "kept.png")).equals(PNG_LIKE)).toBe(true);
    const { Buckets } = await second.client().send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET]);
  });

  test("keeps its objects in a folder only the account running it can open, even one that existed with looser modes", async () => {
    const dataDir = join(scratch, "loose", "s3");
    await mkdir(dataDir, { recursive: true, mode: 0o755 });
    const service = await start({ dataDir, buckets: [BUCKET] });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    await service.stop();
  });

  test("inMemory keeps objects in a temporary folder that stop removes", async () => {
    const tmp = join(scratch, "tmp");
    await mkdir(tmp);
    vi.stubEnv("TMPDIR", tmp);
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });
    await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "gone.png", Body: PNG_LIKE }));
    expect(await readdir(tmp)).toHaveLength(1);

    await s3.stop();

    expect(await readdir(tmp)).toEqual([]);
  });

  test("a CORS preflight from a local dev origin is allowed for POST, with the deployed bucket's rule", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });

    const response = await preflight(s3, "http://localhost:5173");

    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(response.headers.get("access-control-allow-methods")).toBe("POST, GET, HEAD");
    expect(response.headers.get("access-control-max-age")).toBe("600");
  });

  test("a CORS preflight asking for a request header is refused, as the deployed bucket allows none", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });

    const response = await preflight(s3, "http://localhost:5173", "x-custom");

    expect(response.status).toBe(403);
    expect(await response.text()).toContain("<Code>CORSResponse</Code>");
  });

  test("a CORS preflight from a foreign origin is refused", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });

    const response = await preflight(s3, "https://evil.example");

    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(await response.text()).toContain("<Code>CORSResponse</Code>");
  });

  test("a presigned GET from an allowed origin gets its origin echoed and ETag exposed, as does a refusal", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET], allowOrigins: ["https://app.example"] });
    await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "a.png", Body: PNG_LIKE }));

    const url = await getSignedUrl(s3.client(), new GetObjectCommand({ Bucket: BUCKET, Key: "a.png" }));

    const allowed = await fetch(url, { headers: { Origin: "https://app.example" } });
    const refused = await fetch(`${s3.endpoint}/${BUCKET}/a.png`, {
      headers: { Origin: "https://app.example" },
    });
    const local = await preflight(s3, "http://localhost:5173");

    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(allowed.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(allowed.headers.get("access-control-allow-credentials")).toBeNull();
    expect(allowed.headers.get("vary")).toBe("Origin");
    // Errors carry CORS too, so the page can read S3's refusal.
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBe("https://app.example");
    await refused.arrayBuffer();
    expect(local.status).toBe(403);
    await allowed.arrayBuffer();
  });

  test("a presigned GET followed from an API redirect (Origin: null) may be read by any page, but no upload from it", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET], allowOrigins: ["https://app.example"] });
    await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "a.png", Body: PNG_LIKE }));
    const url = await getSignedUrl(s3.client(), new GetObjectCommand({ Bucket: BUCKET, Key: "a.png" }));

    const read = await fetch(url, { headers: { Origin: "null" } });
    const unsigned = await fetch(`${s3.endpoint}/${BUCKET}/a.png`, { headers: { Origin: "null" } });
    const getPreflight = await fetch(url, {
      method: "OPTIONS",
      headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "GET" },
    });
    const upload = await postForm(await ticketFor(s3.client(), "b.png"), PNG_LIKE, {}, { Origin: "null" });
    const uploadPreflight = await preflight(s3, "null");

    // Any origin reads, without credentials: the presigned signature is what authorizes it.
    expect(read.status).toBe(200);
    expect(read.headers.get("access-control-allow-origin")).toBe("*");
    expect(read.headers.get("access-control-allow-credentials")).toBeNull();
    expect(getPreflight.status).toBe(200);
    expect(getPreflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(getPreflight.headers.get("access-control-allow-methods")).toBe("GET, HEAD");
    // Without a signature S3 still refuses: the open rule only lets a page see the refusal.
    expect(unsigned.status).toBe(403);
    // Uploads stay with the configured origins.
    expect(upload.headers.get("access-control-allow-origin")).toBeNull();
    expect(uploadPreflight.status).toBe(403);
    await Promise.all([read, unsigned, getPreflight, upload, uploadPreflight].map((r) => r.arrayBuffer()));
  });

  test("stop is idempotent, ends the clients' connections and frees the port", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });
    const port = portOf(s3);
    await s3.client().send(new PutObjectCommand({ Bucket: BUCKET, Key: "a.png", Body: PNG_LIKE }));

    await Promise.all([s3.stop(), s3.stop()]);
    await s3.stop();

    await expect(fetch(s3.endpoint)).rejects.toThrow();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port, host: "127.0.0.1" }, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
    expect(() => s3.client()).toThrow(/stopped/);
  });

  test("stop does not wait for a stalled upload", async () => {
    const s3 = await start({ inMemory: true, buckets: [BUCKET] });
    const socket = connect({ port: portOf(s3), host: "127.0.0.1" });
    await once(socket, "connect");
    socket.write(
      `PUT /${BUCKET}/stalled.png HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n0123456789`,
    );
    // The front refuses the unsigned PUT before its body arrives; a client reads that answer.
    socket.resume();
    const closed = once(socket, "close");

    await s3.stop();

    await closed;
  });

  test("starts on a requested port", async () => {
    const first = await start({ inMemory: true, buckets: [BUCKET] });
    const port = portOf(first);
    await first.stop();

    const second = await start({ inMemory: true, buckets: [BUCKET], port });

    expect(second.endpoint).toBe(`http://127.0.0.1:${port}`);
  });

  test("a taken port fails the start with the address in the message", async () => {
    const first = await start({ inMemory: true, buckets: [BUCKET] });

    await expect(start({ inMemory: true, buckets: [BUCKET], port: portOf(first) })).rejects.toThrow(
      `127.0.0.1:${portOf(first)}`,
    );
  });

  test("rejects options that S3 or the file system could not honour", async () => {
    await expect(startS3({ buckets: [BUCKET] })).rejects.toThrow(/dataDir/);
    await expect(startS3({ inMemory: true, buckets: ["../escape"] })).rejects.toThrow(/bucket name/);
    await expect(startS3({ inMemory: true, buckets: ["Upper"] })).rejects.toThrow(/bucket name/);
    await expect(
      startS3({ inMemory: true, buckets: [BUCKET], allowOrigins: ["http://*.*"] }),
    ).rejects.toThrow(/allowOrigins has "http:\/\/\*\.\*"/);
  });
});
