/**
 * A custom route's contract, end to end: `POST /counters/{counterId}/increment` served by the app's
 * own handler module, with the same adapter as the CRUD routes around it (access, body checks,
 * problems, convention headers). Run through the local gateway over real HTTP (the module loaded by
 * the twin's workers, tokens from `/_local/token`) and by the handlers in this process, where the
 * store's traffic is recorded and held to the permissions the route declares.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { describeApp, describedFunction } from "../../src/model/index.js";
import { customRoute, itemKey } from "../../src/runtime/index.js";
import type { TestTarget } from "../support/api.js";
import { createEventV2 } from "../support/events.js";
import { recordGrants, ungranted, unused } from "../support/permissions.js";
import { useTestApi } from "../support/use-test-api.js";
import { increment } from "./functions/counters-increment.js";
import { app, counters } from "./portico.config.js";

const appDir = import.meta.dirname;
const routeKey = "POST /counters/{counterId}/increment";
const customHandlers = { [routeKey]: increment };

describe.each<TestTarget>(["gateway", "handlers"])("a custom route, through the %s", (target) => {
  const { api, expectProblem, expectFieldErrors } = useTestApi(app, {
    api: { target, appDir, customHandlers },
  });
  const add = (as: string, by: unknown, path = "/counters/me/increment") =>
    api.call({ method: "POST", path, as, body: { by } });

  it("adds to the caller's counter in one write and answers the new count", async () => {
    expect(
      (await api.call({ method: "POST", path: "/counters", as: "ann", body: { label: "steps" } })).status,
    ).toBe(201);
    const first = await add("ann", 2);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ counterId: "ann", count: 2 });
    expect((await add("ann", 3, "/counters/ann/increment")).json).toEqual({ counterId: "ann", count: 5 });
    const read = await api.call({ method: "GET", path: "/counters/me", as: "ann" });
    // Like every write, the increment moved the version on, so an ETag held from before is stale.
    expect(read.json).toMatchObject({ counterId: "ann", label: "steps", count: 5, version: 3 });
  });

  it("carries the convention headers of every function response", async () => {
    await api.call({ method: "POST", path: "/counters", as: "hal", body: { label: "x" } });
    const reply = await add("hal", 1);
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["cache-control"]).toBe("no-store");
  });

  it("refuses a body its schema does not take with a 400 naming each field", async () => {
    expectFieldErrors(await add("ann", 0), ["by"]);
    const extra = await api.call({
      method: "POST",
      path: "/counters/me/increment",
      as: "ann",
      body: { by: 1, reset: true },
    });
    expect(expectFieldErrors(extra, ["reset"]).errors).toEqual([
      { path: "reset", message: "is not a field of the body" },
    ]);
    expectProblem(
      await api.call({ method: "POST", path: "/counters/me/increment", as: "ann", body: "{not json" }),
      400,
    );
  });

  it("refuses a body not declared as JSON with a 415", async () => {
    const reply = await api.call({
      method: "POST",
      path: "/counters/me/increment",
      as: "ann",
      headers: { "content-type": "text/plain" },
      body: '{"by":1}',
    });
    expectProblem(reply, 415);
  });

  it("lets only the owner add to a counter: another caller gets a 403 problem, no token the gateway's 401", async () => {
    expectProblem(await add("bob", 1, "/counters/ann/increment"), 403);
    const anonymous = await api.call({ method: "POST", path: "/counters/ann/increment", body: { by: 1 } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ message: "Unauthorized" });
  });

  it("answers a problem the handler throws as it is: 404 for a counter that does not exist", async () => {
    const reply = await add("nobody", 1);
    expect(expectProblem(reply, 404).detail).toBe("The counter does not exist.");
  });
});

describe("a custom route's permissions, proven in process", () => {
  const { api } = useTestApi(app, { api: { target: "handlers", customHandlers } });
  const fn = describedFunction(describeApp(app), "counters-increment");
  let recorder: ReturnType<typeof recordGrants>;
  beforeAll(() => {
    recorder = recordGrants(api.store);
  });

  it("are exactly what the route declares: UpdateItem on the table, and the table's name only", () => {
    expect(fn.permissions).toEqual({
      dynamodb: [{ resource: "table", actions: ["dynamodb:UpdateItem"] }],
      secrets: [],
      s3: [],
    });
    expect(fn.environment).toEqual(["PORTICO_TABLE_NAME"]);
  });

  it("hold what its handler sends, and nothing it does not", async () => {
    await api.call({ method: "POST", path: "/counters", as: "cy", body: { label: "c" } });
    recorder.take();
    expect(
      (await api.call({ method: "POST", path: "/counters/me/increment", as: "cy", body: { by: 1 } })).status,
    ).toBe(200);
    expect(
      (await api.call({ method: "POST", path: "/counters/me/increment", as: "dee", body: { by: 1 } })).status,
    ).toBe(404);
    const needed = recorder.take();
    expect(ungranted(needed, fn.permissions)).toEqual([]);
    expect(unused(needed, fn.permissions)).toEqual([]);
  });

  it("catch a handler that sends a command the route does not declare", async () => {
    recorder.take();
    // The same route, its code changed to read the counter first: a GetItem nobody declared.
    const readsFirst = customRoute(
      app,
      routeKey,
      async (request) => {
        await request.store.client.send(
          new GetCommand({ TableName: request.store.tableName, Key: itemKey(counters, request.params) }),
        );
        return increment(request as Parameters<typeof increment>[0]);
      },
      { store: api.store },
    );
    const reply = await readsFirst(
      createEventV2({
        method: "POST",
        path: "/counters/cy/increment",
        routeKey,
        pathParameters: { counterId: "cy" },
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ by: 1 }),
        claims: { sub: "cy" },
      }),
    );
    expect(reply.statusCode).toBe(200);
    expect(ungranted(recorder.take(), fn.permissions)).toEqual(["dynamodb:GetItem on table"]);
  });
});
