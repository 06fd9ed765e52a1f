/**
 * Every function's DynamoDB permissions, proven both ways (DESIGN.md): a request set that reaches
 * each route's every path through the store (plain and transactional writes, claims, idempotent
 * replays, misses, the cascade, file tickets, redirects and deletes) records what the function really
 * sends; the file recorder's traffic is recorded as it records a real upload. A suite fails on any
 * action the function sent but describeApp does not grant, and on any action granted that no request
 * needed. In process only: the commands are seen on the handlers' own client.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { s3EventOf } from "../../src/local/dev/file-events.js";
import { describeApp, type FunctionDescription, recorderFunctionName } from "../../src/model/index.js";
import { fileRecorder } from "../../src/runtime/index.js";
import type { Call, TestApi } from "../support/api.js";
import { type Grant, recordGrants, ungranted, unused } from "../support/permissions.js";
import { pngBytes, type UploadTicket, uploadWithTicket } from "../support/uploads.js";
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
  then?: "olderEngine" | "record" | undefined,
];

/**
 * `{todo}` in a path stands for the todo created last. `record` uploads a PNG with the ticket the
 * step before answered, and runs the file recorder on its event.
 */
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
    // A filter is served by its own index.
    ["GET /users/{userId}/todos", { method: "GET", path: `${todos}?done=false` }, 200],
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
    // Nothing recorded yet: the redirect and the delete find no avatar.
    ["GET /users/{userId}/avatar", { method: "GET", path: `${user}/avatar` }, 404],
    ["DELETE /users/{userId}/avatar", { method: "DELETE", path: `${user}/avatar` }, 404],
    [
      "POST /users/{userId}/avatar",
      { method: "POST", path: `${user}/avatar`, body: { contentType: "image/png" } },
      200,
      "record",
    ],
    ["GET /users/{userId}/avatar", { method: "GET", path: `${user}/avatar` }, 302],
    ["DELETE /users/{userId}/avatar", { method: "DELETE", path: `${user}/avatar` }, 204],
    [
      "POST /users/{userId}/avatar",
      { method: "POST", path: `${user}/avatar`, body: { contentType: "image/png" } },
      200,
      "record",
    ],
    [
      "POST /users/{userId}/todos/{todoId}/attachments",
      { method: "POST", path: `${todos}/{todo}/attachments`, body: { contentType: "image/png" } },
      200,
      "record",
    ],
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

/** Uploads a PNG with `ticket` and runs the recorder on the upload's event, as S3 would invoke it. */
async function recordUpload(ticket: UploadTicket): Promise<void> {
  const bytes = pngBytes();
  const upload = await uploadWithTicket(ticket, bytes);
  if (!upload.ok) throw new Error(`The upload failed: ${upload.status} ${await upload.text()}`);
  const recorder = fileRecorder(app, { store: api.store, bucket: api.bucket });
  const event = s3EventOf({
    bucket: api.bucket.name,
    key: ticket.key,
    size: bytes.length,
    eventName: "ObjectCreated:Post",
  });
  const { results } = await recorder(event as never);
  if (results[0] !== "recorded")
    throw new Error(`The recorder did not record the upload: ${results.join(", ")}`);
}

beforeAll(async () => {
  const recorder = recordGrants(api.store);
  const engine = dropCancellationItems(api.store);
  let lastTodo = "";
  for (const [routeKey, call, , then] of steps) {
    recorder.take();
    engine.older = then === "olderEngine";
    const reply = await api.call({ ...call, path: call.path.replace("{todo}", lastTodo), as: sub });
    if (reply.json?.todoId !== undefined) lastTodo = reply.json.todoId;
    statuses.push([routeKey, reply.status]);
    needed.get(app.route(routeKey).functionName)?.push(...recorder.take());
    if (then === "record") {
      await recordUpload(reply.json as UploadTicket);
      needed.get(recorderFunctionName)?.push(...recorder.take());
    }
  }
});

const byName = (fn: FunctionDescription) => [fn.name, fn] as const;

describe("the functions' DynamoDB permissions", () => {
  it("are exercised by requests that each get the contract's status", () => {
    expect(statuses).toEqual(steps.map(([routeKey, , status]) => [routeKey, status]));
  });

  it.each(description.functions.map(byName))("%s sends nothing it is not granted", (name, fn) => {
    expect(ungranted(needed.get(name) ?? [], fn.permissions)).toEqual([]);
  });

  it.each(description.functions.map(byName))("%s is granted nothing that no request needed", (name, fn) => {
    expect(unused(needed.get(name) ?? [], fn.permissions)).toEqual([]);
  });
});
