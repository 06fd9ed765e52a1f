/**
 * Every function of SwiftyPlanner, invoked in the order a device's session reaches it: sign up,
 * read and edit the profile, upload an avatar (a real POST to the embedded S3, then the recorder
 * invoked with the bucket's event), read it, create and list todos, read, edit and delete one,
 * ask for an attachment ticket, an admin's list of users, then delete the avatar and the account.
 * Each step is one invocation of one function with a real payload 2.0 (or S3) event; one pass of
 * the lifecycle uses a fresh user, so it can run again and again against the same table.
 */
import { app } from "../../app/portico.config.js";
import { s3EventOf } from "../../src/local/dev/file-events.js";
import { describeApp, type FunctionDescription } from "../../src/model/index.js";
import { fileRecorder, route } from "../../src/runtime/index.js";
import { pngBytes, type UploadTicket, uploadWithTicket } from "../../test/support/uploads.js";
import { type EventRequest, lambdaContext, lambdaEvent } from "./lambda-event.js";
import type { Instrumented, RouteServices } from "./route-services.js";

const description = describeApp(app);
const { stage } = description;

/** One pass's caller and what earlier steps made. */
export interface Session {
  readonly sub: string;
  readonly username: string;
  todoId?: string;
  avatarTicket?: UploadTicket;
}

export interface Step {
  /** The function invoked (`todos-create`). */
  readonly functionName: string;
  /** Its route key, or the trigger for a function that no route invokes (`s3:ObjectCreated`). */
  readonly trigger: string;
  /** The status the step must answer: a different one means the bench measured the wrong thing. */
  readonly expect: number;
  /** How many times per pass (todos are created many times, so a list reads a real page). */
  readonly times?: number;
  event(session: Session, services: RouteServices): Promise<unknown> | unknown;
  /** Keeps what later steps need from the answer. */
  after?(result: StepResult, session: Session, services: RouteServices): Promise<void> | void;
}

export interface StepResult {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** The todos created per pass: the list reads one page of them. */
export const todosPerSession = 20;

const me = (extra: Record<string, string> = {}) => ({ userId: "me", ...extra });
const owner = (session: Session) => ({ sub: session.sub });
const profile = (session: Session) => ({
  username: session.username,
  firstName: "Ada",
  lastName: "Lovelace",
  email: "ada@example.com",
  bio: "Counts the cost of every request.",
});

function http(
  routeKey: string,
  expect: number,
  request: (session: Session) => Omit<EventRequest, "routeKey">,
  extra: Partial<Step> = {},
): Step {
  return {
    functionName: functionOf(routeKey).name,
    trigger: routeKey,
    expect,
    event: (session) => lambdaEvent({ routeKey, ...request(session) }, stage),
    ...extra,
  };
}

export function functionOf(routeKeyOrName: string): FunctionDescription {
  const routeFunction = description.routes.find(
    (candidate) => candidate.routeKey === routeKeyOrName,
  )?.function;
  const fn = description.functions.find((candidate) => candidate.name === (routeFunction ?? routeKeyOrName));
  if (fn === undefined) throw new Error(`no function for ${routeKeyOrName}`);
  return fn;
}

/** A request of the session's own user on its profile (`/users/me` and below), as its owner. */
const ownProfile = (session: Session, below = "") => ({
  path: `/users/me${below}`,
  pathParameters: me(),
  claims: owner(session),
});
/** A request of the session's own user on the todo it made last (and below), as its owner. */
const ownTodo = (session: Session, below = "") => ({
  path: `/users/me/todos/${session.todoId}${below}`,
  pathParameters: me({ todoId: session.todoId ?? "" }),
  claims: owner(session),
});

export const lifecycle: readonly Step[] = [
  http("GET /health", 200, () => ({ path: "/health" })),
  http("POST /users", 201, (session) => ({ path: "/users", claims: owner(session), body: profile(session) })),
  http("GET /users/{userId}", 200, (session) => ownProfile(session)),
  http("PATCH /users/{userId}", 200, (session) => ({
    ...ownProfile(session),
    body: { bio: "Patched." },
    contentType: "application/merge-patch+json",
  })),
  http("PUT /users/{userId}", 200, (session) => ({
    ...ownProfile(session),
    body: profile(session),
  })),
  http(
    "POST /users/{userId}/avatar",
    200,
    (session) => ({
      ...ownProfile(session, "/avatar"),
      body: { contentType: "image/png" },
    }),
    {
      after(result, session) {
        session.avatarTicket = JSON.parse(result.body ?? "{}") as UploadTicket;
      },
    },
  ),
  {
    functionName: functionOf("files-record").name,
    trigger: "s3:ObjectCreated",
    expect: 200,
    // The device's upload goes straight to S3 (not a function); S3 then invokes the recorder.
    async event(session, services) {
      const ticket = session.avatarTicket;
      if (ticket === undefined) throw new Error("no avatar ticket");
      const uploaded = await uploadWithTicket(ticket, pngBytes(4096));
      if (uploaded.status !== 204) throw new Error(`the avatar upload failed with ${uploaded.status}`);
      const record = services.created.at(-1);
      if (record === undefined) throw new Error("the bucket reported no object");
      return s3EventOf(record);
    },
  },
  http("GET /users/{userId}/avatar", 302, (session) => ownProfile(session, "/avatar")),
  http(
    "POST /users/{userId}/todos",
    201,
    (session) => ({
      ...ownProfile(session, "/todos"),
      body: { title: "Benchmark the API", notes: "Against a baseline, in the same run." },
    }),
    {
      times: todosPerSession,
      after(result, session) {
        session.todoId = (JSON.parse(result.body ?? "{}") as { todoId: string }).todoId;
      },
    },
  ),
  http("GET /users/{userId}/todos", 200, (session) => ownProfile(session, "/todos")),
  http("GET /users/{userId}/todos/{todoId}", 200, (session) => ownTodo(session)),
  http("PATCH /users/{userId}/todos/{todoId}", 200, (session) => ({
    ...ownTodo(session),
    body: { done: true },
    contentType: "application/merge-patch+json",
  })),
  http("PUT /users/{userId}/todos/{todoId}", 200, (session) => ({
    ...ownTodo(session),
    body: { title: "Benchmark the API, again", done: false },
  })),
  http("POST /users/{userId}/todos/{todoId}/attachments", 200, (session) => ({
    ...ownTodo(session, "/attachments"),
    body: { contentType: "application/pdf" },
  })),
  http("DELETE /users/{userId}/todos/{todoId}", 204, (session) => ownTodo(session)),
  http("GET /users", 200, (session) => ({
    path: "/users",
    claims: { sub: `${session.sub}-admin`, scope: description.auth.adminScope },
    scopes: [description.auth.adminScope],
  })),
  http("DELETE /users/{userId}/avatar", 204, (session) => ownProfile(session, "/avatar")),
  http("DELETE /users/{userId}", 204, (session) => ownProfile(session)),
];

export type Invoke = (event: unknown) => Promise<StepResult>;

/** The step's function as Lambda would hold it: made once, on the instrumented store and bucket. */
export function handlerOf(step: Step, clients: Instrumented): Invoke {
  const fn = functionOf(step.functionName);
  const context = lambdaContext(fn.name, fn.memoryMb);
  if (step.trigger === "s3:ObjectCreated") {
    const recorder = fileRecorder(app, { store: clients.store, bucket: clients.bucket });
    return async (event) => {
      const { results } = await recorder(event as Parameters<typeof recorder>[0]);
      return {
        statusCode: results.every((result) => result === "recorded") ? 200 : 500,
        body: JSON.stringify(results),
      };
    };
  }
  const handler = route(app, step.trigger, { store: clients.store, bucket: clients.bucket });
  return async (event) => (await handler(event as Parameters<typeof handler>[0], context)) as StepResult;
}
