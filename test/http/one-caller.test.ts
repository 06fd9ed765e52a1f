/**
 * One admin caller's round trip through the whole contract: health, the authorizer's refusal, then
 * its own profile and a todo created, read, changed and deleted. It needs no second identity, so it
 * is the suite a deployed stage runs (where the caller is the stack's machine client); it starts by
 * deleting the caller's profile, as a deployed table keeps the last run's.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { expectGatewayError } from "../support/problems.js";
import { useTestApi } from "../support/use-test-api.js";
import { admin, expectJson, expectUserShape, userBody } from "./users-helpers.js";

const { api, expectProblem } = useTestApi(app, { oneAdminCaller: true });

/** The one caller: on a deployed stage every call is the machine client's, whatever `as` says. */
const caller = { as: "machine-caller", scope: admin } as const;

describe("one admin caller, end to end", () => {
  it("reads GET /health without a token", async () => {
    const reply = await api.call({ method: "GET", path: "/health" });
    expectJson(reply, 200);
    expect(reply.json).toEqual({ status: "ok" });
  });

  it("is refused by the authorizer without a token", async () => {
    expectGatewayError(await api.call({ method: "GET", path: "/users/me" }), 401, "Unauthorized");
  });

  it("creates, reads, changes and deletes its own profile and a todo", async () => {
    const stale = await api.call({ method: "DELETE", path: "/users/me", ...caller });
    expect([204, 404]).toContain(stale.status);

    const body = userBody();
    const created = await api.call({ method: "POST", path: "/users", ...caller, body });
    expectJson(created, 201);
    expectUserShape(created.json);
    expect(created.json).toMatchObject({ ...body, version: 1 });
    const read = await api.call({ method: "GET", path: "/users/me", ...caller });
    expectJson(read, 200);
    expect(read.json).toEqual(created.json);
    const patched = await api.call({
      method: "PATCH",
      path: "/users/me",
      ...caller,
      body: { bio: "Deployed" },
    });
    expectJson(patched, 200);
    expect(patched.json).toMatchObject({ bio: "Deployed", version: 2 });

    const todo = await api.call({
      method: "POST",
      path: "/users/me/todos",
      ...caller,
      body: { title: "Ship it" },
    });
    expectJson(todo, 201);
    const todoPath = `/users/me/todos/${todo.json.todoId}`;
    expect((await api.call({ method: "GET", path: todoPath, ...caller })).json).toEqual(todo.json);
    expect((await api.call({ method: "DELETE", path: todoPath, ...caller })).status).toBe(204);
    expectProblem(await api.call({ method: "GET", path: todoPath, ...caller }), 404);

    expect((await api.call({ method: "DELETE", path: "/users/me", ...caller })).status).toBe(204);
    expectProblem(await api.call({ method: "GET", path: "/users/me", ...caller }), 404);
  });
});
