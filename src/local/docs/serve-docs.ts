/**
 * The local API reference: Swagger UI on the app's OpenAPI document, at `/_local/docs`. Every file
 * comes from this server (swagger-ui-dist's own build, never a CDN), so the page works offline
 * and its Content-Security-Policy can allow nothing but 'self'. Only an allow-list of files is
 * served, by exact name, so no path can reach anything else on disk.
 */
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { OpenApiDocument } from "../../openapi/index.js";
import { type GatewayErrorKind, gatewayErrors } from "../../runtime/index.js";
import { noSniffHeader, noStoreHeader } from "../own-response-headers.js";

export interface DocsHandlerOptions {
  /** Where the page lives, without a trailing slash, e.g. `"/_local/docs"`. */
  readonly basePath: string;
  /** The document to show; called on every request, so a reloaded model shows at once. */
  readonly document: () => OpenApiDocument;
}

/** Handles the request when its path is under `basePath` (then returns `true`); otherwise returns `false`. */
export type DocsHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/** The swagger-ui-dist files the page needs, with their content types; nothing else is served. */
const distFiles: Readonly<Record<string, string>> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui-standalone-preset.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

/**
 * Only this server's own origin. Swagger UI sets `style` attributes, so inline styles are allowed;
 * its stylesheet draws icons from `data:` URLs. Scripts stay 'self': the init is a served file.
 */
const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** swagger-ui-dist changes only with `npm install`: a day of caching is safe. */
const assetCacheControl = "public, max-age=86400";

let distFolder: string | undefined;

function swaggerUiDistFolder(): string {
  distFolder ??= dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  return distFolder;
}

const fileCache = new Map<string, Promise<Buffer>>();

function distFile(name: string): Promise<Buffer> {
  let file = fileCache.get(name);
  if (file === undefined) {
    file = readFile(join(swaggerUiDistFolder(), name));
    // A failed read is not cached, so installing the package fixes the page without a restart.
    file.catch(() => fileCache.delete(name));
    fileCache.set(name, file);
  }
  return file;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function pageHtml(basePath: string, title: string): string {
  const assets = escapeHtml(`${basePath}/assets`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — API reference</title>
<link rel="stylesheet" href="${assets}/swagger-ui.css">
<link rel="icon" type="image/png" href="${assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${assets}/swagger-ui-bundle.js"></script>
<script src="${assets}/swagger-ui-standalone-preset.js"></script>
<script src="${assets}/init.js"></script>
</body>
</html>
`;
}

function initScript(basePath: string): string {
  // `validatorUrl: null`: Swagger UI would otherwise send the document to a public validator.
  return `window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(`${basePath}/openapi.json`)},
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
  });
});
`;
}

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

function send(request: IncomingMessage, response: ServerResponse, reply: Reply): void {
  const body = typeof reply.body === "string" ? Buffer.from(reply.body, "utf8") : reply.body;
  response.writeHead(reply.status, {
    [noSniffHeader[0]]: noSniffHeader[1],
    ...reply.headers,
    "content-length": String(body.length),
  });
  response.end(request.method === "HEAD" ? undefined : body);
}

const text = (status: number, message: string): Reply => ({
  status,
  headers: { "content-type": "text/plain; charset=utf-8", [noStoreHeader[0]]: noStoreHeader[1] },
  body: `${message}\n`,
});

/** One of API Gateway's own answers, in this server's plain-text form. */
const refusal = (kind: GatewayErrorKind): Reply => text(kind.status, kind.message);

/** Serves the API reference page, its assets and `openapi.json` under `basePath`. */
export function createDocsHandler(options: DocsHandlerOptions): DocsHandler {
  const basePath = options.basePath.replace(/\/+$/, "");
  const assetsPrefix = `${basePath}/assets/`;
  const init = initScript(basePath);

  async function reply(path: string): Promise<Reply> {
    if (path === basePath || path === `${basePath}/`) {
      return {
        status: 200,
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-security-policy": contentSecurityPolicy,
          "referrer-policy": "no-referrer",
          [noStoreHeader[0]]: noStoreHeader[1],
        },
        body: pageHtml(basePath, options.document().info.title),
      };
    }
    if (path === `${basePath}/openapi.json`) {
      return {
        status: 200,
        headers: { "content-type": "application/json; charset=utf-8", [noStoreHeader[0]]: noStoreHeader[1] },
        body: `${JSON.stringify(options.document(), null, 2)}\n`,
      };
    }
    if (path === `${assetsPrefix}init.js`) {
      return {
        status: 200,
        headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" },
        body: init,
      };
    }
    // An exact-name lookup in the allow-list: `..`, encoded or not, can never match a key.
    const name = path.startsWith(assetsPrefix) ? path.slice(assetsPrefix.length) : undefined;
    const contentType = name !== undefined && Object.hasOwn(distFiles, name) ? distFiles[name] : undefined;
    if (name === undefined || contentType === undefined) return refusal(gatewayErrors.notFound);
    return {
      status: 200,
      headers: { "content-type": contentType, "cache-control": assetCacheControl },
      body: await distFile(name),
    };
  }

  return (request, response) => {
    // The raw request target, not a normalized URL: `/docs/../x` must stay under `/docs` and 404.
    const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
    if (path !== basePath && !path.startsWith(`${basePath}/`)) return false;
    if (request.method !== "GET" && request.method !== "HEAD") {
      const refused = refusal(gatewayErrors.methodNotAllowed);
      send(request, response, { ...refused, headers: { ...refused.headers, allow: "GET, HEAD" } });
      return true;
    }
    reply(path).then(
      (result) => send(request, response, result),
      () => send(request, response, text(500, "The API reference could not be served.")),
    );
    return true;
  };
}
