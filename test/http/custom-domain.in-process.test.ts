/**
 * Behind a custom domain the API mapping's key is not in `rawPath` (AWS-FACTS §7): a request to
 * `https://api.planner.example.com/users` reaches the function as `rawPath: "/users"` on stage
 * `v1`, where the execute-api endpoint sends `/v1/users`. Handlers must not depend on the prefix:
 * they route by `routeKey` and path parameters, and answer `Location` under the prefix the
 * request came in on. In process only: the local gateway serves the execute-api shape.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { createEventV2 } from "../support/events.js";
import { useTestApi } from "../support/use-test-api.js";
import { createTodoWithTag, newOwner } from "./todos-support.js";
import { createUser, unique, userBody } from "./users-helpers.js";

const { api } = useTestApi(app);

const customDomain = "api.planner.example.com";

it("shapes a custom domain's event as API Gateway does: no stage in rawPath, the domain in the context", () => {
  const event = createEventV2({
    method: "GET",
    path: "/users/me?x=1",
    routeKey: "GET /users/{userId}",
    customDomain,
  });
  expect(event).toMatchObject({
    rawPath: "/users/me",
    rawQueryString: "x=1",
    headers: { host: customDomain },
    requestContext: {
      domainName: customDomain,
      domainPrefix: "api",
      stage: "v1",
      http: { path: "/users/me" },
    },
  });
});

describe.each([
  { shape: "a custom domain (no stage in rawPath)", customDomain, prefix: "" },
  { shape: "the execute-api endpoint (/v1 in rawPath)", customDomain: undefined, prefix: "/v1" },
])("requests through $shape", ({ customDomain, prefix }) => {
  const on = customDomain === undefined ? {} : { customDomain };

  it("creates a user with a Location under the prefix it came in on, and reads it there", async () => {
    const sub = unique("sub");
    const body = userBody();
    const created = await api.call({ method: "POST", path: "/users", as: sub, body, ...on });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.location).toBe(`${prefix}/users/${sub}`);

    const read = await api.call({ method: "GET", path: `/users/${sub}`, as: sub, ...on });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toEqual(created.json);
    expect(read.json).toMatchObject(body);
  });

  it("creates a todo with a Location under the prefix it came in on, and reads it there", async () => {
    const sub = await newOwner(api);
    const created = await api.call({
      method: "POST",
      path: `/users/${sub}/todos`,
      as: sub,
      body: { title: "Behind the domain" },
      ...on,
    });
    expect(created.status, created.text).toBe(201);
    const todoId = created.json.todoId as string;
    expect(created.headers.location).toBe(`${prefix}/users/${sub}/todos/${todoId}`);

    const read = await api.call({ method: "GET", path: `/users/${sub}/todos/${todoId}`, as: sub, ...on });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toEqual(created.json);
  });

  it("lists and pages with cursors, whatever the prefix", async () => {
    const sub = await newOwner(api);
    for (const title of ["one", "two", "three"]) await createTodoWithTag(api, sub, { title });
    const first = await api.call({ method: "GET", path: `/users/${sub}/todos?limit=2`, as: sub, ...on });
    expect(first.status, first.text).toBe(200);
    expect(first.json.items.map((todo: { title: string }) => todo.title)).toEqual(["three", "two"]);
    const cursor = encodeURIComponent(first.json.nextCursor as string);
    const next = await api.call({
      method: "GET",
      path: `/users/${sub}/todos?limit=2&cursor=${cursor}`,
      as: sub,
      ...on,
    });
    expect(next.status, next.text).toBe(200);
    expect(next.json.items.map((todo: { title: string }) => todo.title)).toEqual(["one"]);
    expect(next.json.nextCursor).toBeNull();
  });
});

describe("one API on both endpoints", () => {
  it("reads behind the custom domain the user made on the execute-api endpoint", async () => {
    const { sub, user } = await createUser(api);
    const read = await api.call({ method: "GET", path: `/users/${sub}`, as: sub, customDomain });
    expect(read.status, read.text).toBe(200);
    expect(read.json).toEqual(user);
  });
});
