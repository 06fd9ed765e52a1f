/** The local API reference page, served by a real `node:http` server on a free loopback port. */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp as app } from "../../../test/support/store-entities.js";
import { openApiDocument } from "../../openapi/index.js";
import { createDocsHandler } from "./serve-docs.js";

interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

let server: Server;
let port: number;
const unhandled: string[] = [];

beforeAll(async () => {
  const docs = createDocsHandler({ basePath: "/_local/docs", document: () => openApiDocument(app) });
  server = createServer((request, response) => {
    if (docs(request, response)) return;
    unhandled.push(request.url ?? "");
    response.writeHead(418).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

/** `node:http` sends the path as given, so `..` reaches the server un-normalized (as a hostile client's would). */
function get(path: string, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: "127.0.0.1", port, path, method }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }),
      );
      incoming.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

describe("createDocsHandler", () => {
  it("serves the reference page with a self-only Content-Security-Policy and no external URL", async () => {
    for (const path of ["/_local/docs", "/_local/docs/"]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers["content-type"]).toBe("text/html; charset=utf-8");
      const csp = String(answer.headers["content-security-policy"]);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      const html = answer.body.toString("utf8");
      expect(html).not.toContain("https://");
      expect(html).not.toContain("http://");
      expect(html).not.toMatch(/<script>/);
      expect(html).toContain('<script src="/_local/docs/assets/swagger-ui-bundle.js"></script>');
      expect(html).toContain('<script src="/_local/docs/assets/init.js"></script>');
      expect(html).toContain(app.name);
    }
  });

  it("serves the allow-listed Swagger UI files with their content types and a cache lifetime", async () => {
    const expected = {
      "swagger-ui.css": "text/css; charset=utf-8",
      "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
      "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
      "favicon-32x32.png": "image/png",
    };
    for (const [file, contentType] of Object.entries(expected)) {
      const answer = await get(`/_local/docs/assets/${file}`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers["content-type"], file).toBe(contentType);
      expect(answer.headers["cache-control"], file).toMatch(/max-age=\d+/);
      expect(answer.body.length, file).toBeGreaterThan(100);
    }
  });

  it("serves an init script that loads the local document with no external validator", async () => {
    const answer = await get("/_local/docs/assets/init.js");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    const script = answer.body.toString("utf8");
    expect(script).toContain('"/_local/docs/openapi.json"');
    expect(script).toContain("validatorUrl: null");
  });

  it("serves the OpenAPI document as JSON", async () => {
    const answer = await get("/_local/docs/openapi.json?x=1");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toBe("application/json; charset=utf-8");
    const document = JSON.parse(answer.body.toString("utf8")) as { openapi: string; info: { title: string } };
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe(app.name);
  });

  it("answers HEAD like GET without a body", async () => {
    const answer = await get("/_local/docs/assets/favicon-32x32.png", "HEAD");
    expect(answer.status).toBe(200);
    expect(Number(answer.headers["content-length"])).toBeGreaterThan(100);
    expect(answer.body.length).toBe(0);
  });

  it("refuses path traversal and files outside the allow-list with 404", async () => {
    for (const path of [
      "/_local/docs/../package.json",
      "/_local/docs/../../package.json",
      "/_local/docs/assets/../../../package.json",
      "/_local/docs/assets/%2e%2e/%2e%2e/package.json",
      "/_local/docs/assets/..%2fpackage.json",
      "/_local/docs/assets/package.json",
      "/_local/docs/assets/swagger-ui.js",
      "/_local/docs/assets/index.html",
      "/_local/docs/assets/swagger-ui-bundle.js.map",
      "/_local/docs/assets/__proto__",
      "/_local/docs/assets/",
      "/_local/docs/unknown",
    ]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString("utf8"), path).not.toContain('"name"');
    }
  });

  it("refuses methods other than GET and HEAD with 405", async () => {
    const answer = await get("/_local/docs/openapi.json", "POST");
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET, HEAD");
  });

  it("leaves paths outside its base path to the next handler", async () => {
    unhandled.length = 0;
    for (const path of ["/v1/health", "/_local/docsx", "/_local/doc", "/"]) {
      expect((await get(path)).status, path).toBe(418);
    }
    expect(unhandled).toEqual(["/v1/health", "/_local/docsx", "/_local/doc", "/"]);
  });
});
