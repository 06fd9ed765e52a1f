/**
 * API.md's Conventions that every function route shares: a body must declare JSON (else 415),
 * validation problems are bounded and say what was expected, and every response carries
 * `X-Content-Type-Options: nosniff` and, but for `GET /health`, `Cache-Control: no-store`.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import type { Reply } from "../support/api.js";
import { useTestApi } from "../support/use-test-api.js";
import { createTodo, listAll, newOwner, postTodo } from "./todos-support.js";
import { createUser, readUser, userBody } from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app);

type WriteMethod = "POST" | "PUT" | "PATCH";
const writeMethods: readonly WriteMethod[] = ["POST", "PUT", "PATCH"];

/** An owner with one todo, and a way to send a raw body with a chosen Content-Type to each write route. */
async function todoWriter() {
  const sub = await newOwner(api);
  const todo = await createTodo(api, sub, { title: "Existing" });
  const send = (method: WriteMethod, body: string | undefined, contentType: string | undefined) =>
    api.call({
      method,
      path: method === "POST" ? `/users/${sub}/todos` : `/users/${sub}/todos/${todo.todoId}`,
      as: sub,
      ...(body === undefined ? {} : { body }),
      headers: contentType === undefined ? {} : { "content-type": contentType },
    });
  const expectUnchanged = async () => expect(await listAll(api, sub)).toEqual([todo]);
  return { sub, send, expectUnchanged };
}

describe("a request body's Content-Type", () => {
  describe.each(writeMethods)("on %s", (method) => {
    it.each([
      "text/plain",
      "text/plain; charset=utf-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=b",
      "application/json; charset=iso-8859-1",
      "application/jsonp",
    ])("refuses %j with a 415 problem and writes nothing", async (contentType) => {
      const { send, expectUnchanged } = await todoWriter();
      const problem = expectProblem(await send(method, '{"title":"Cross-site"}', contentType), 415);
      expect(problem.type).toBe("urn:portico:problem:unsupported-media-type");
      await expectUnchanged();
    });

    it("refuses a body without a Content-Type with a 415 problem", async () => {
      const { send, expectUnchanged } = await todoWriter();
      expectProblem(await send(method, '{"title":"Untyped"}', ""), 415);
      await expectUnchanged();
    });

    it.each(["application/json", "application/json; charset=UTF-8", "application/merge-patch+json"])(
      "accepts %j",
      async (contentType) => {
        const { send } = await todoWriter();
        const reply = await send(method, '{"title":"Typed"}', contentType);
        expect(reply.status, reply.text).toBe(method === "POST" ? 201 : 200);
      },
    );
  });

  it("names the merge patch type when it refuses a PATCH", async () => {
    const { send } = await todoWriter();
    const reply = await send("PATCH", '{"title":"x"}', "text/plain");
    expectProblem(reply, 415);
    expect(reply.headers["accept-patch"]).toBe("application/merge-patch+json");
  });

  it("refuses a profile written as text/plain, as a cross-site form would send it", async () => {
    const sub = `form_${Date.now()}`;
    const reply = await api.call({
      method: "POST",
      path: "/users",
      as: sub,
      body: JSON.stringify(userBody()),
      headers: { "content-type": "text/plain" },
    });
    expectProblem(reply, 415);
    expect(await readUser(api, sub)).toBeUndefined();
  });
});

describe("validation problems", () => {
  /** A 400 problem whose `errors` include each of `expected`, path and message. */
  function expectErrorsInclude(reply: Reply, expected: { path: string; message: string }[]): void {
    expect(expectProblem(reply, 400).errors).toEqual(expect.arrayContaining(expected));
  }

  it("say what type was expected, never that a present field is required", async () => {
    const sub = await newOwner(api);
    const reply = await postTodo(api, sub, { body: { title: 123, done: "yes", notes: null } });
    expectErrorsInclude(reply, [
      { path: "title", message: "expected a string" },
      { path: "done", message: "expected a boolean" },
    ]);
  });

  it("say a missing required field is required, and name the limit a field passed", async () => {
    const sub = await newOwner(api);
    const reply = await api.call({
      method: "POST",
      path: "/users",
      as: sub,
      body: { firstName: "x".repeat(101), lastName: "L", email: "ada@example.com" },
    });
    expectErrorsInclude(reply, [
      { path: "username", message: "is required" },
      { path: "firstName", message: "must be at most 100 characters" },
    ]);
  });

  it("list at most 20 errors of 100,000 unknown fields and say how many there were", async () => {
    const sub = await newOwner(api);
    const body = Object.fromEntries(Array.from({ length: 100_000 }, (_, index) => [`f${index}`, 1]));
    const reply = await postTodo(api, sub, { body });
    const problem = expectProblem(reply, 400);
    expect(problem.errors).toHaveLength(20);
    expect(problem.detail).toMatch(/\b100001 invalid fields\b/);
    expect(Buffer.byteLength(reply.text ?? "")).toBeLessThan(4096);
  });
});

describe("response headers", () => {
  const expectConventionHeaders = (reply: Reply) => {
    expect(reply.headers["x-content-type-options"], `${reply.status}`).toBe("nosniff");
    expect(reply.headers["cache-control"], `${reply.status}`).toBe("no-store");
  };

  it("mark every answer about an account no-store and nosniff: success, empty, 304 and problem", async () => {
    const { sub, user } = await createUser(api);
    const path = `/users/${sub}`;
    const read = await api.call({ method: "GET", path, as: sub });
    expect(read.status).toBe(200);
    expectConventionHeaders(read);
    const notModified = await api.call({
      method: "GET",
      path,
      as: sub,
      headers: { "if-none-match": read.headers.etag as string },
    });
    expect(notModified.status).toBe(304);
    expectConventionHeaders(notModified);
    const refused = await api.call({ method: "GET", path, as: `${sub}_other` });
    expect(refused.status).toBe(403);
    expectConventionHeaders(refused);
    const invalid = await api.call({ method: "PATCH", path, as: sub, body: { username: 1 } });
    expect(invalid.status).toBe(400);
    expectConventionHeaders(invalid);
    expect(user.userId).toBe(sub);
    const removed = await api.call({ method: "DELETE", path, as: sub });
    expect(removed.status).toBe(204);
    expectConventionHeaders(removed);
    const missing = await api.call({ method: "GET", path, as: sub });
    expect(missing.status).toBe(404);
    expectConventionHeaders(missing);
  });

  it("mark GET /health nosniff but let it be cached", async () => {
    const reply = await api.call({ method: "GET", path: "/health" });
    expect(reply.status).toBe(200);
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["cache-control"]).toBeUndefined();
  });
});
