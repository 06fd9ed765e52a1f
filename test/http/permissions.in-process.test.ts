/**
 * Every function's DynamoDB permissions, proven both ways (DESIGN.md): a request set that reaches
 * each route's every path through the store (plain and transactional writes, claims, idempotent
 * replays, misses, the cascade) records what the function really sends. A suite fails on any action
 * the function sent but describeApp does not grant, and on any action granted that no request needed.
 * In process only: the commands are seen on the handlers' own client.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { describeApp, type FunctionDescription } from "../../src/model/index.js";
import type { Call, TestApi } from "../support/api.js";
import { type Grant, grantsOf, recordGrants } from "../support/permissions.js";
import { useTestApi } from "../support/use-test-api.js";
import { admin, unique, userBody } from "./users-helpers.js";

const description = describeApp(app);
const sub = unique("perm");
const missing = unique("nobody");
const user = `/users/${sub}`;
const todos = `${user}/todos`;

/**
 * The route each request is for, the call and the status the contract gives it; `olderEngine`
 * sends it to a DynamoDB that returns no item with a transaction's cancellation reasons.
 */
type Step = readonly [
  routeKey: string,
  call: Omit<Call, "as">,
  status: number,
  olderEngine?: "olderEngine" | undefined,
];

/** `{todo}` in a path stands for the todo created last. */
const steps: readonly Step[] = (() => {
  const body = userBody();
  return [
    ["GET /health", { method: "GET", path: "/health" }, 200],
    ["POST /users", { method: "POST", path: "/users", body }, 201],
    ["GET /users", { method: "GET", path: "/users", scope: admin }, 200],
    ["GET /users/{userId}", { method: "GET", path: user }, 200],
    // A new username moves its claim in a transaction; a missing user is read after the failed write.
    ["PUT /users/{userId}", { method: "PUT", path: user, body: { ...body, username: unique("u") } }, 200],
    ["PUT /users/{userId}", { method: "PUT", path: `/users/${missing}`, scope: admin, body }, 404],
    ["PATCH /users/{userId}", { method: "PATCH", path: user, body: {} }, 200],
    ["PATCH /users/{userId}", { method: "PATCH", path: user, body: { username: unique("u") } }, 200],
    // The parent is checked in the transaction; a replay finds the idempotency record, which an
    // older engine does not hand back, so it is read.
    ...([[201], [201], [201, "olderEngine"]] as const).map(
      ([status, engine]): Step => [
        "POST /users/{userId}/todos",
        { method: "POST", path: todos, headers: { "idempotency-key": `k-${sub}` }, body: { title: "A" } },
        status,
        engine,
      ],
    ),
    ["GET /users/{userId}/todos", { method: "GET", path: todos }, 200],
    ["GET /users/{userId}/todos/{todoId}", { method: "GET", path: `${todos}/{todo}` }, 200],
    [
      "PUT /users/{userId}/todos/{todoId}",
      { method: "PUT", path: `${todos}/{todo}`, body: { title: "B" } },
      200,
    ],
    [
      "PUT /users/{userId}/todos/{todoId}",
      { method: "PUT", path: `${todos}/${missing}`, body: { title: "B" } },
      404,
    ],
    [
      "PATCH /users/{userId}/todos/{todoId}",
      { method: "PATCH", path: `${todos}/${missing}`, body: { done: true } },
      404,
    ],
    ["DELETE /users/{userId}/todos/{todoId}", { method: "DELETE", path: `${todos}/${missing}` }, 404],
    ["POST /users/{userId}/todos", { method: "POST", path: todos, body: { title: "C" } }, 201],
    ["DELETE /users/{userId}/todos/{todoId}", { method: "DELETE", path: `${todos}/{todo}` }, 204],
    // The user still owns the first todo: the delete sweeps it.
    ["DELETE /users/{userId}", { method: "DELETE", path: user }, 204],
  ];
})();

/** While `older` is set, a transaction's cancellation reasons come back without the items. */
function dropCancellationItems(store: TestApi["store"]): { older: boolean } {
  const engine = { older: false };
  store.client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const reasons = (error as { CancellationReasons?: { Item?: unknown }[] }).CancellationReasons;
        if (engine.older) for (const reason of reasons ?? []) delete reason.Item;
        throw error;
      }
    },
    { step: "initialize", name: "dropCancellationItems" },
  );
  return engine;
}

const { api } = useTestApi(app);
/** Per function: the grants its requests needed. */
const needed = new Map<string, Grant[]>(description.functions.map((fn) => [fn.name, []]));
const statuses: [string, number][] = [];

beforeAll(async () => {
  const recorder = recordGrants(api.store);
  const engine = dropCancellationItems(api.store);
  let lastTodo = "";
  for (const [routeKey, call, , olderEngine] of steps) {
    recorder.take();
    engine.older = olderEngine !== undefined;
    const reply = await api.call({ ...call, path: call.path.replace("{todo}", lastTodo), as: sub });
    if (reply.json?.todoId !== undefined) lastTodo = reply.json.todoId;
    statuses.push([routeKey, reply.status]);
    needed.get(app.route(routeKey).functionName)?.push(...recorder.take());
  }
});

const byName = (fn: FunctionDescription) => [fn.name, fn] as const;

describe("the functions' DynamoDB permissions", () => {
  it("are exercised by requests that each get the contract's status", () => {
    expect(statuses).toEqual(steps.map(([routeKey, , status]) => [routeKey, status]));
  });

  it.each(description.functions.map(byName))("%s sends nothing it is not granted", (name, fn) => {
    const granted = new Set(grantsOf(fn.permissions));
    expect([...new Set(needed.get(name))].filter((grant) => !granted.has(grant))).toEqual([]);
  });

  it.each(description.functions.map(byName))("%s is granted nothing that no request needed", (name, fn) => {
    const used = new Set(needed.get(name));
    expect(grantsOf(fn.permissions).filter((grant) => !used.has(grant))).toEqual([]);
  });
});
