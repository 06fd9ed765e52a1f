/**
 * OWASP API8:2023, security misconfiguration, as the local stack is configured out of the box
 * (API.md, Conventions and Files; DESIGN.md, Local security): CORS for the allowed origins only and
 * never `*` with credentials, on the API and the bucket alike; only the server's own Host names
 * (DNS rebinding); `Cache-Control: no-store` on data and `X-Content-Type-Options: nosniff` on
 * everything; error bodies that name no stack frame, AWS error, table or bucket; and the local
 * services closed to a client without their keys.
 */
import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { localDynamoDbClient as dynamoDbClientFor } from "portico/local/dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { localTokenPath } from "../../src/runtime/index.js";
import { bucketName, s3ErrorCode, useLocalStack } from "../files/local-stack.js";
import { dynamoDbAccessKeyId, dynamoDbEndpoint } from "../support/api.js";
import { checkProblem } from "../support/problems.js";
import { rawRequest } from "../support/raw-http.js";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";
import { asBearer, description, issuedToken, replyOf, send } from "./support.js";

const stack = useLocalStack();
let owner = "";
let token = "";
let s3Origin = "";
let objectKey = "";

beforeAll(async () => {
  owner = await stack().newUser("owner");
  token = await issuedToken(stack(), owner);
  const ticket = await stack().ticket(owner);
  expect((await uploadWithTicket(ticket, pngBytes())).status).toBe(204);
  s3Origin = new URL(ticket.url).origin;
  objectKey = ticket.key;
});

const foreignOrigins = [
  "https://evil.example",
  "null",
  "http://localhost.evil.example:3000",
  "http://127.0.0.1.evil.example:3000",
  "https://localhost:5173",
  "http://evil.example#http://localhost:5173",
];
const localOrigin = "http://localhost:5173";

function preflight(url: string, origin: string, method = "POST", headers = "authorization,content-type") {
  return fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
  });
}

describe("API8 CORS", () => {
  it("answers an allowed origin by name, never with `*`, and no foreign origin at all, on the API", async () => {
    const url = `${stack().server.apiUrl}/users/me/todos`;
    const allowed = await preflight(url, localOrigin);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(localOrigin);
    for (const origin of foreignOrigins) {
      const answer = await preflight(url, origin);
      expect(answer.headers.get("access-control-allow-origin"), origin).toBeNull();
      const actual = await fetch(url, { headers: { origin, authorization: `Bearer ${token}` } });
      expect(actual.headers.get("access-control-allow-origin"), origin).toBeNull();
      expect(actual.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("answers the same way on the bucket's front", async () => {
    const url = `${s3Origin}/${bucketName}`;
    const allowed = await preflight(url, localOrigin, "POST", "");
    expect(allowed.headers.get("access-control-allow-origin")).toBe(localOrigin);
    for (const origin of foreignOrigins) {
      const answer = await preflight(url, origin, "POST", "");
      expect(answer.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("answers no CORS under /_local to any origin, a local one included, so no other page mints a token", async () => {
    const origins = [localOrigin, "http://127.0.0.1:8080", ...foreignOrigins];
    for (const path of [localTokenPath, "/_local/.well-known/jwks.json", "/_local/docs"]) {
      const url = `${stack().server.url}${path}`;
      for (const origin of origins) {
        const answer = await preflight(url, origin, "POST", "content-type");
        expect({ path, origin, allowed: answer.headers.get("access-control-allow-origin") }).toEqual({
          path,
          origin,
          allowed: null,
        });
      }
    }
    // The actual request is answered (a script that is no page may sign in), but no page may read it.
    const minted = await fetch(`${stack().server.url}${localTokenPath}`, {
      method: "POST",
      headers: { origin: localOrigin, "content-type": "application/json" },
      body: JSON.stringify({ sub: "cors-caller" }),
    });
    expect(minted.status).toBe(200);
    expect(minted.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("configures no `*` origin and no credentials for the API and the bucket, in any stage", () => {
    // The stack and the bucket's rule read these from the description; test/parity holds them equal.
    const { cors, deploy } = description;
    expect(cors?.allowCredentials ?? false).toBe(false);
    const origins = [
      ...(cors?.allowOrigins ?? []),
      ...(cors?.localOrigins ?? []),
      ...Object.values(deploy.stages).flatMap((stage) => stage.allowOrigins ?? []),
    ];
    expect(origins.length).toBeGreaterThan(0);
    for (const origin of origins) expect(origin).not.toMatch(/^\*$|^https?:\/\/\*$/);
  });

  it("opens the bucket to any origin for presigned reads only: GET and HEAD, no request header, no upload", () => {
    // A fetch that follows GET …/avatar's 302 reaches S3 with `Origin: null`, which no list matches;
    // the presigned signature authorizes the read. Nothing else may be open to every origin.
    const open = description.bucket.cors.filter((rule) => rule.origins === "any");
    expect(open.map(({ allowMethods, allowHeaders }) => ({ allowMethods, allowHeaders }))).toEqual([
      { allowMethods: ["GET", "HEAD"], allowHeaders: [] },
    ]);
    const uploads = description.bucket.cors.filter((rule) => rule.allowMethods.includes("POST"));
    expect(uploads.map((rule) => rule.origins)).toEqual(["configured"]);
  });
});

describe("API8 Host checks", () => {
  it("answers a rebound name with 403 on every path, the token endpoint included", async () => {
    const { port, host } = new URL(stack().server.url);
    for (const name of [
      "evil.example",
      `evil.example:${port}`,
      "127.0.0.1.nip.io",
      "localhost.evil.example",
    ]) {
      for (const [method, path] of [
        ["GET", "/v1/health"],
        ["GET", "/v1/users/me"],
        ["POST", localTokenPath],
      ] as const) {
        const reply = await rawRequest(
          Number(port),
          [
            `${method} ${path} HTTP/1.1`,
            `Host: ${name}`,
            "Content-Type: application/json",
            "Content-Length: 2",
            "Connection: close",
          ],
          Buffer.from("{}"),
        );
        expect([reply.status, JSON.parse(reply.body.toString())], `${name} ${path}`).toEqual([
          403,
          { message: "Forbidden" },
        ]);
        expect(reply.headers["x-content-type-options"]).toBe("nosniff");
      }
    }
    const own = await rawRequest(Number(port), [
      "GET /v1/health HTTP/1.1",
      `Host: ${host}`,
      "Connection: close",
    ]);
    expect(own.status).toBe(200);
  });
});

describe("API8 headers", () => {
  it("marks every answer nosniff, and every function's answer on a data route no-store", async () => {
    const auth = asBearer(token);
    // The functions' answers carry account data or say something about it.
    const functionReplies = [
      ["GET /users/me", await send(stack(), "/users/me", auth)],
      ["GET /users/me/todos", await send(stack(), "/users/me/todos", auth)],
      ["GET /users/me/avatar (302)", await send(stack(), "/users/me/avatar", auth)],
      ["POST /users/me/todos (400)", await send(stack(), "/users/me/todos", asBearer(token, "POST", {}))],
      ["GET /users/someone (403)", await send(stack(), "/users/someone", auth)],
    ] as const;
    for (const [name, reply] of functionReplies) {
      expect(reply.headers["x-content-type-options"], name).toBe("nosniff");
      expect(reply.headers["cache-control"], name).toBe("no-store");
    }
    // The gateway's own refusals carry no data (and are API Gateway's, which sets no Cache-Control).
    const gatewayReplies = [
      ["GET /users (403)", await send(stack(), "/users", auth)],
      ["GET /users/me (401)", await send(stack(), "/users/me")],
      ["GET /nowhere (404)", await send(stack(), "/nowhere", auth)],
    ] as const;
    for (const [name, reply] of gatewayReplies) {
      expect(reply.headers["x-content-type-options"], name).toBe("nosniff");
    }
    const health = await send(stack(), "/health");
    expect(health.headers["x-content-type-options"]).toBe("nosniff");
    const local = await replyOf(await fetch(`${stack().server.url}${localTokenPath}`, { method: "POST" }));
    expect(local.headers["x-content-type-options"]).toBe("nosniff");
    expect(local.headers["cache-control"]).toBe("no-store");
    const preflighted = await preflight(`${stack().server.apiUrl}/users/me`, localOrigin);
    expect(preflighted.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("API8 error bodies", () => {
  it("names no stack frame, AWS error, table or bucket in any problem", async () => {
    const forgedCursor = Buffer.from(JSON.stringify({ PK: "USER#someone", SK: "TODO#x" })).toString(
      "base64url",
    );
    const requests: [string, string, Parameters<typeof send>[2]][] = [
      [
        "not JSON",
        "/users/me/todos",
        {
          ...asBearer(token, "POST", "{"),
          headers: { ...asBearer(token).headers, "content-type": "application/json" },
        },
      ],
      ["not an object", "/users/me/todos", asBearer(token, "POST", "[]")],
      ["a wrong type", "/users/me/todos", asBearer(token, "POST", '{"title":1}')],
      [
        "another content type",
        "/users/me/todos",
        {
          ...asBearer(token, "POST", "{}"),
          headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" },
        },
      ],
      ["a forged cursor", `/users/me/todos?cursor=${forgedCursor}`, asBearer(token)],
      ["a garbage cursor", "/users/me/todos?cursor=%00%FF", asBearer(token)],
      ["a DynamoDB-looking filter", "/users/me/todos?done=%3Av", asBearer(token)],
      ["a DynamoDB-looking id", `/users/me/todos/${encodeURIComponent("#SK :v PK")}`, asBearer(token)],
      ["an unknown todo", "/users/me/todos/01ARZ3NDEKTSV4RRFFQ69G5FAV", asBearer(token)],
      [
        "a garbage If-Match",
        "/users/me",
        {
          ...asBearer(token, "PATCH", { bio: "x" }),
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            "if-match": '"#PK"',
          },
        },
      ],
      ["a bad avatar type", "/users/me/avatar", asBearer(token, "POST", { contentType: "text/html" })],
    ];
    for (const [name, path, request] of requests) {
      const reply = await send(stack(), path, request);
      expect(reply.status, name).toBeGreaterThanOrEqual(400);
      expect(reply.status, name).toBeLessThan(500);
      checkProblem(reply, reply.status, stack().tableName);
      expect(reply.text ?? "", name).not.toContain(bucketName);
    }
  });
});

describe("API8 local services", () => {
  it("keeps DynamoDB Local's tables from a client without the run's access key", async () => {
    const own = dynamoDbClientFor(dynamoDbEndpoint(), dynamoDbAccessKeyId());
    const stranger = dynamoDbClientFor(dynamoDbEndpoint(), "AKIASTRANGER0000000");
    try {
      expect((await own.send(new ListTablesCommand({}))).TableNames).toContain(stack().tableName);
      expect((await stranger.send(new ListTablesCommand({}))).TableNames ?? []).not.toContain(
        stack().tableName,
      );
    } finally {
      own.destroy();
      stranger.destroy();
    }
  });

  it("serves no object to an unsigned or wrongly signed request on the S3 front", async () => {
    const objectUrl = `${s3Origin}/${bucketName}/${objectKey}`;
    for (const [method, url] of [
      ["GET", objectUrl],
      ["HEAD", objectUrl],
      ["GET", `${s3Origin}/${bucketName}`],
      ["GET", `${s3Origin}/`],
      ["PUT", `${s3Origin}/${bucketName}/users/${owner}/avatar/planted`],
      ["DELETE", objectUrl],
    ] as const) {
      const answer = await fetch(url, { method, ...(method === "PUT" ? { body: pngBytes() } : {}) });
      expect(answer.status, `${method} ${url}`).toBe(403);
      if (method !== "HEAD") expect(await s3ErrorCode(answer)).toBe("AccessDenied");
    }
    const wrongSecret = new S3Client({
      endpoint: s3Origin,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: stack().credentials.accessKeyId, secretAccessKey: "not-the-secret" },
    });
    try {
      for (const command of [
        new GetObjectCommand({ Bucket: bucketName, Key: objectKey }),
        new ListObjectsV2Command({ Bucket: bucketName }),
      ]) {
        await expect(wrongSecret.send(command as GetObjectCommand)).rejects.toMatchObject({
          $metadata: { httpStatusCode: 403 },
        });
      }
    } finally {
      wrongSecret.destroy();
    }
    expect(await stack().exists(s3Origin, objectKey)).toBe(true);
  });
});
