/**
 * What the OWASP suites share: the local stack of `test/files` (one dev server per file, on the
 * shared DynamoDB Local, with its S3 front and token issuer), requests sent with any headers, and the
 * checks every hostile request ends with: an answer in one of API.md's error forms that carries none
 * of a victim's data.
 */
import { expect } from "vitest";
import { app } from "../../app/portico.config.js";
import { describeApp } from "../../src/model/index.js";
import { localTokenPath } from "../../src/runtime/index.js";
import type { LocalStack } from "../files/local-stack.js";
import { userBody } from "../http/users-helpers.js";
import type { Reply } from "../support/api.js";
import { checkProblem, expectGatewayError } from "../support/problems.js";

export const description = describeApp(app);
export const adminScope = app.auth.adminScope;

export interface Request {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array;
}

/** A request to the API (`path` after the stage) exactly as given: no token unless a header has one. */
export async function send(stack: LocalStack, path: string, request: Request = {}): Promise<Reply> {
  return replyOf(
    await fetch(`${stack.server.apiUrl}${path}`, {
      method: request.method ?? "GET",
      ...(request.headers === undefined ? {} : { headers: request.headers }),
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: "manual",
    }),
  );
}

/** A fetch response read as the contract suites read one. */
export async function replyOf(response: Response): Promise<Reply> {
  const text = await response.text();
  const headers = Object.fromEntries(response.headers.entries());
  const json = text !== "" && /json/.test(headers["content-type"] ?? "") ? JSON.parse(text) : undefined;
  return { status: response.status, headers, text: text === "" ? undefined : text, json };
}

const issued = new Map<string, Promise<string>>();

/** A token from the issuer's own endpoint, as a device gets one (one per server, sub and scope). */
export function issuedToken(stack: LocalStack, sub: string, scope?: string): Promise<string> {
  const key = JSON.stringify([stack.server.url, sub, scope]);
  let token = issued.get(key);
  if (token === undefined) {
    token = fetch(`${stack.server.url}${localTokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub, ...(scope === undefined ? {} : { scope }) }),
    }).then(async (response) => {
      expect(response.status).toBe(200);
      return ((await response.json()) as { access_token: string }).access_token;
    });
    issued.set(key, token);
  }
  return token;
}

/** A JSON request as `token`'s bearer, with more headers if given. */
export function asBearer(
  token: string,
  method = "GET",
  body?: unknown,
  headers: Record<string, string> = {},
): Request {
  return {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  };
}

/** A refusal in one of API.md's forms: a problem from a function, or the gateway's own `{message}`. */
export function expectRefusal(reply: Reply, statuses: readonly number[], tableName: string): void {
  expect(statuses, reply.text).toContain(reply.status);
  if (reply.headers["content-type"] === "application/problem+json")
    checkProblem(reply, reply.status, tableName);
  else expectGatewayError(reply, reply.status, reply.status === 404 ? "Not Found" : "Forbidden");
}

/** None of `secrets` (a victim's username, email, todo title…) appears anywhere in the reply. */
export function expectNothingOf(reply: Reply, secrets: readonly string[]): void {
  const seen = `${JSON.stringify(reply.headers)}\n${reply.text ?? ""}`;
  for (const secret of secrets) expect(seen).not.toContain(secret);
}

/** A body each write route accepts from its owner, so a refusal is for whose data it is, not for the body. */
export function validBody(route: (typeof description.routes)[number]): unknown {
  if (route.method === "GET" || route.method === "DELETE") return undefined;
  if (route.kind === "file") return { contentType: "image/png" };
  if (route.kind !== "entity") return undefined;
  if (route.entity === "user") return route.method === "PATCH" ? { bio: "written by another" } : userBody();
  return { title: "written by another" };
}

/**
 * Starts the functions of `routes` a few at a time (a sandbox's first start takes a second, and
 * its function's timeout counts it), by calling each as a throwaway user on its own ids: nothing of
 * anyone else's is touched.
 */
export async function warmUp(stack: LocalStack, routes: typeof description.routes): Promise<void> {
  const sub = await stack.newUser("warmer");
  const pending = [...routes];
  const next = async (): Promise<void> => {
    const route = pending.shift();
    if (route === undefined) return;
    const path = route.path.replace("{userId}", "me").replace("{todoId}", "0");
    await (await stack.call(sub, route.method, path, validBody(route))).arrayBuffer();
    await next();
  };
  await Promise.all([next(), next(), next()]);
}

/** What `sub` sees at `paths` (their own data): each read's status, ETag and body, to compare later. */
export function viewOf(stack: LocalStack, sub: string, paths: readonly string[]): Promise<unknown[]> {
  return Promise.all(
    paths.map(async (path) => {
      const reply = await replyOf(await stack.call(sub, "GET", path));
      return [reply.status, reply.headers.etag, reply.json];
    }),
  );
}

/** The route's path with its ids filled in. */
export function pathOf(routePath: string, ids: { readonly userId: string; readonly todoId: string }): string {
  return routePath
    .replace("{userId}", encodeURIComponent(ids.userId))
    .replace("{todoId}", encodeURIComponent(ids.todoId));
}
