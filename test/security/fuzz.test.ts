/**
 * Issue 10, fuzzing: fast-check sends generated requests to the running local stack over real HTTP
 * (a dev server on the shared DynamoDB Local, its S3 front and its token issuer), in batches sent
 * at once. Each batch mixes route templates with real, foreign, encoded and junk ids, every method,
 * hostile headers, query strings and bodies (deep, wide, `__proto__` keys, DynamoDB-looking strings,
 * broken Unicode, huge and empty values), callers with and without valid tokens, and real upload
 * flows. Every response must be under 500, answered within 10 s, carry `apigw-requestid` and
 * `nosniff`, leak nothing internal, and be an RFC 9457 problem or API Gateway's `{message}` when it is
 * an error. Afterwards the server must still serve, and the table's invariants hold
 * (test/support/invariants.ts), each item's version counting the writes acknowledged for it.
 *
 * Replay: the seed is always printed, and on failure fast-check's path too.
 * `PORTICO_FUZZ_SEED=<seed> npx vitest run test/security/fuzz.test.ts` sends the same batches in the
 * same order on a fresh stack (the faithful replay: what a batch meets depends on the ones before,
 * and the order of answers within a batch can differ); adding `PORTICO_FUZZ_PATH=<path>` sends the
 * failing batch alone. `PORTICO_FUZZ_RUNS` changes the number of batches (640 by default).
 */
import { paginateListObjectsV2 } from "@aws-sdk/client-s3";
import fc from "fast-check";
import { expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { decodePath } from "../../src/local/gateway/event.js";
import { localTokenPath } from "../../src/runtime/index.js";
import { bucketName, eventually, useLocalStack } from "../files/local-stack.js";
import { httpRequest, localDynamoDbClient, type Reply } from "../support/api.js";
import { tableViolations } from "../support/invariants.js";
import { checkProblem, internalLeaks } from "../support/problems.js";
import { htmlBytes, pngBytes, type UploadTicket, uploadWithTicket } from "../support/uploads.js";

const stack = useLocalStack();

const batchSize = 16;
const runs = Number(process.env.PORTICO_FUZZ_RUNS ?? 640);
const seed =
  process.env.PORTICO_FUZZ_SEED === undefined
    ? Date.now() ^ (Math.random() * 2 ** 31)
    : Number(process.env.PORTICO_FUZZ_SEED);
const replayPath = process.env.PORTICO_FUZZ_PATH;
const timeoutMs = 10_000;

const subs = ["fuzz_ann", "fuzz_ben", "fuzz#PK:v|PROFILE"] as const;
const adminSub = "fuzz_root";
const storageKeys = new Set(["PK", "SK", "GSI1PK", "GSI1SK", "INCARNATION", "FILEKEYS", "claimedBy"]);

// ---- the state the fuzzer learns while it runs: ids, tags and cursors to reuse, writes to count ----

const todoIds: string[] = [];
const etags: string[] = [];
const cursors: string[] = [];
/** Acknowledged writes per item path, for the items not deleted since. */
const versions = new Map<string, number>();
/** Todo ids ever created: an idempotent replay's 201 is not a second create. */
const seenTodos = new Set<string>();
let sent = 0;
/** Answers by status, and the writes counted, for the run's summary line. */
const statuses = new Map<number, number>();
let counted = 0;
const uploads = { recorded: 0, dropped: 0, refusedByS3: 0 };
/** What each item's acknowledged writes were, to name them when its version is wrong. */
const history = new Map<string, string[]>();
function note(item: string, what: string): void {
  history.set(item, [...(history.get(item) ?? []).slice(-20), what]);
}

/**
 * A user's deletion or creation waits for every other request on that user, and they for it, so
 * the write counts follow the order in which the store applied the writes.
 */
const locks = new Map<string, { readers: number; writer: Promise<void> | undefined; idle: (() => void)[] }>();
async function withUser<T>(
  userId: string | undefined,
  exclusive: boolean,
  run: () => Promise<T>,
): Promise<T> {
  if (userId === undefined) return run();
  let lock = locks.get(userId);
  if (lock === undefined) {
    lock = { readers: 0, writer: undefined, idle: [] };
    locks.set(userId, lock);
  }
  const state = lock;
  for (;;) {
    if (state.writer !== undefined) await state.writer;
    else if (exclusive && state.readers > 0) await new Promise<void>((resolve) => state.idle.push(resolve));
    else break;
  }
  if (!exclusive) {
    state.readers += 1;
    try {
      return await run();
    } finally {
      state.readers -= 1;
      if (state.readers === 0) for (const wake of state.idle.splice(0)) wake();
    }
  }
  let release = () => {};
  state.writer = new Promise<void>((resolve) => {
    release = resolve;
  });
  try {
    return await run();
  } finally {
    state.writer = undefined;
    release();
    for (const wake of state.idle.splice(0)) wake();
  }
}

// ---- generators ----

const dynamoLooking = fc.constantFrom(
  "#",
  ":v",
  "PK",
  "SK",
  "#PK",
  ":one",
  "USER#x",
  "USER#fuzz_ann",
  "PROFILE",
  "TODO#",
  "TYPE#USER",
  "UNIQUE#USER#USERNAME#fuzz_ann",
  "IDEMP#k1",
  "attribute_exists(PK)",
  "GSI1PK",
  "INCARNATION",
  "FILEKEYS",
  "version = version + :one",
);
const nastyUnicode = fc.constantFrom(
  "\u0000",
  "\ud800",
  "\udfff",
  "\u202e\u202dabc",
  "\u200f\u0627\u0644",
  "\ufeff",
  "e\u0301",
  "\uffff",
  "😀",
  "\u2028\u2029",
  "ＡＢＣ",
);
const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 2, arbitrary: dynamoLooking },
  { weight: 2, arbitrary: nastyUnicode },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "null", "undefined", "NaN", "-1", "0", "1e309") },
  { weight: 1, arbitrary: fc.integer({ min: 201, max: 20_000 }).map((n) => "x".repeat(n)) },
);

type Who =
  | { readonly kind: "user"; readonly sub: string }
  | { readonly kind: "admin" }
  | { readonly kind: "none" }
  | { readonly kind: "garbage"; readonly value: string };
const who: fc.Arbitrary<Who> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...subs).map((sub) => ({ kind: "user" as const, sub })) },
  { weight: 3, arbitrary: fc.constant({ kind: "admin" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          "Bearer ",
          "Bearer",
          "bearer x.y.z",
          "Basic dXNlcjpwYXNz",
          "Bearer e30.e30.",
          "Bearer ....",
        ),
        fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
        fc.string({ maxLength: 40 }),
        fc.constant("tamper"),
      )
      .map((value) => ({ kind: "garbage" as const, value })),
  },
);

/** A path segment for an id: `me`, a real user, a known todo, or something hostile. */
type Segment =
  | { readonly kind: "me" }
  | { readonly kind: "todo"; readonly index: number }
  | { readonly kind: "raw"; readonly value: string };
const idSegment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "me" as const }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...subs, adminSub)
      .map((sub) => ({ kind: "raw" as const, value: encodeURIComponent(sub) })),
  },
  { weight: 4, arbitrary: fc.nat().map((index) => ({ kind: "todo" as const, index })) },
  {
    weight: 3,
    arbitrary: fc
      .oneof(
        anyText.map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "?"))),
        fc.constantFrom(
          "..",
          ".",
          "%",
          "%zz",
          "%00",
          "%2F",
          "%252F",
          "me%2F..",
          "ME",
          "%6De",
          "me%20",
          "%E2%80%AE",
          "%ff%fe",
          "~",
          "*",
        ),
        fc.integer({ min: 100, max: 12_000 }).map((n) => "a".repeat(n)),
        fc.stringMatching(/^[0-9A-Za-z_-]{1,40}$/),
      )
      .map((value) => ({ kind: "raw" as const, value })),
  },
);

const templates = [
  ["health"],
  ["users"],
  ["users", 0],
  ["users", 0, "avatar"],
  ["users", 0, "todos"],
  ["users", 0, "todos", 1],
  ["users", 0, "todos", 1, "attachments"],
] as const;
const routePath = fc.record({
  template: fc.constantFrom(...templates),
  ids: fc.tuple(idSegment, idSegment),
  prefix: fc.oneof(
    { weight: 20, arbitrary: fc.constant("/v1") },
    { weight: 1, arbitrary: fc.constantFrom("", "/v2", "/V1", "//v1", "/v1/", "/_local", "/v1/..", "/%761") },
  ),
  suffix: fc.oneof(
    { weight: 12, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constantFrom("/", "//", "/.", "/..", "/x") },
  ),
});
const randomPath = fc
  .array(
    fc.oneof(
      anyText.map((t) => encodeURIComponent(t.replace(/[\ud800-\udfff]/g, "?"))),
      fc.constantFrom("users", "me", "todos", "..", "%", ""),
    ),
    {
      maxLength: 8,
    },
  )
  .map((segments) => `/v1/${segments.join("/")}`);

const queryValue = fc.oneof(
  fc.constantFrom(
    "0",
    "1",
    "2",
    "20",
    "100",
    "101",
    "-1",
    "1.5",
    " 1",
    "0x10",
    "1e2",
    "",
    "true",
    "false",
    "TRUE",
    "1",
    "yes",
  ),
  anyText.map((t) => encodeURIComponent(t.replace(/[\ud800-\udfff]/g, "?"))),
  fc.constantFrom("%", "%zz", "%00", "a%2Bb"),
);
const queryName = fc.constantFrom(
  "limit",
  "cursor",
  "done",
  "limit",
  "cursor",
  "done",
  "x",
  "__proto__",
  "PK",
  "limit[]",
  "",
  "%",
);
const query = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constant<{ pairs: [string, string][]; knownCursor: number | undefined }>({
      pairs: [],
      knownCursor: undefined,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      pairs: fc.array(fc.tuple(queryName, queryValue), { maxLength: 4 }),
      knownCursor: fc.option(fc.nat(), { nil: undefined }),
    }),
  },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant("application/json") },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "application/json; charset=UTF-8",
      'application/json; charset="utf-8"',
      "application/json; charset=latin1",
      "application/json; charset=utf-16",
      "application/merge-patch+json",
      "application/vnd.fuzz+json",
      "APPLICATION/JSON",
      "application/json;;;",
      "application/json; boundary=x",
      "text/plain",
      "text/json",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
      "*/*",
      "application/jsonx",
      "application/json, text/plain",
    ),
  },
  { weight: 1, arbitrary: anyText },
);
const tagValue = fc.oneof(
  fc.constantFrom("*", '"abc"', 'W/"x"', '""', "", '"a", "b"', "W/*", "0", '"1"'),
  fc.nat().map((index) => ({ known: index })),
  anyText,
);
const header = fc.oneof(
  fc.tuple(fc.constant("if-match"), tagValue),
  fc.tuple(fc.constant("if-none-match"), tagValue),
  fc.tuple(
    fc.constant("idempotency-key"),
    fc.oneof(
      fc.constantFrom("k1", "k2", "k3", "IDEMP#k1", " ", "", "x".repeat(129), "x".repeat(128)),
      anyText,
    ),
  ),
  fc.tuple(
    fc.constantFrom(
      "accept",
      "origin",
      "cookie",
      "x-forwarded-for",
      "x-amzn-requestid",
      "apigw-requestid",
      "x-fuzz",
      "accept-charset",
      "range",
    ),
    anyText,
  ),
  fc.tuple(
    fc.constant("origin"),
    fc.constantFrom("http://localhost:5173", "http://127.0.0.1:1", "https://evil.example", "null"),
  ),
  fc.tuple(
    fc.constant("host"),
    fc.constantFrom("localhost", "127.0.0.1", "evil.example", "localhost.evil.example", "[::1]"),
  ),
  fc.tuple(
    fc.constant("x-huge"),
    fc.integer({ min: 1000, max: 12_000 }).map((n) => "h".repeat(n)),
  ),
);

/** JSON text for a body: valid bodies most often, so writes succeed and state builds up. */
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const fieldName = fc.oneof(
  fc.constantFrom(
    "title",
    "notes",
    "done",
    "dueAt",
    "username",
    "firstName",
    "lastName",
    "email",
    "phoneNumber",
    "bio",
    "contentType",
    "userId",
    "todoId",
    "version",
    "createdAt",
    "avatar",
    "attachments",
    "__proto__",
    "constructor",
    "prototype",
  ),
  dynamoLooking,
  anyText,
);
const username = fc.oneof(
  fc.constantFrom("fuzz_one", "fuzz_two", "fuzz_three", "fuzz_four"),
  fc.stringMatching(/^[a-z0-9_]{3,30}$/),
  anyText,
);
const userFields = fc.record(
  {
    username,
    firstName: fc.oneof(fc.constant("Ada"), anyText),
    lastName: fc.oneof(fc.constant("Lovelace"), anyText),
    email: fc.oneof(fc.constant("ada@example.com"), fc.emailAddress(), anyText),
    phoneNumber: fc.oneof(fc.constant("+3312345678"), anyText, fc.constant(null)),
    bio: fc.oneof(anyText, fc.constant(null)),
  },
  { requiredKeys: ["username", "firstName", "lastName", "email"] },
);
const todoFields = fc.record(
  {
    title: fc.oneof(fc.constant("a todo"), anyText),
    notes: fc.oneof(anyText, fc.constant(null)),
    done: fc.oneof(fc.boolean(), jsonValue),
    dueAt: fc.oneof(fc.constant("2030-01-01T00:00:00Z"), fc.constant(null), anyText),
  },
  { requiredKeys: ["title"] },
);
const extraFields = fc.dictionary(fieldName, jsonValue, { maxKeys: 3 });
const jsonBody = fc.oneof(
  { weight: 6, arbitrary: userFields.map((b) => JSON.stringify(b)) },
  { weight: 8, arbitrary: todoFields.map((b) => JSON.stringify(b)) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        contentType: fc.oneof(
          fc.constantFrom("image/png", "image/jpeg", "application/pdf", "text/html"),
          anyText,
        ),
      })
      .map((b) => JSON.stringify(b)),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.oneof(userFields, todoFields), extraFields).map(([fields, extra]) => {
      // Written by hand, so a `__proto__` key reaches the server as an own key of the JSON text.
      const own = Object.entries(extra).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
      return `{${[...own, JSON.stringify(fields).slice(1, -1)].filter((p) => p !== "").join(",")}}`;
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"admin":true},"title":"x"}',
      '{"constructor":{"prototype":{"x":1}},"title":"x"}',
      '{"title":"x","title":"y"}',
      '{"title":"\\ud800"}',
      '{"title":"a\\u0000b"}',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 10, max: 5_000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 10, max: 5_000 }).map((n) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 10, max: 3_000 })
      .map((n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
  },
  { weight: 2, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
);
type Body =
  | { readonly kind: "none" }
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array };
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "none" as const }) },
  { weight: 10, arbitrary: jsonBody.map((text) => ({ kind: "text" as const, text })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        anyText,
        fc.constantFrom(
          "{",
          "}",
          "null",
          "[]",
          "1",
          '"s"',
          "\ufeff{}",
          "{}",
          "{} {}",
          "title=x",
          "--x\r\n\r\n--x--",
        ),
      )
      .map((text) => ({ kind: "text" as const, text })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ kind: "bytes" as const, bytes })),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ kind: "bytes" as const, bytes: Buffer.from('{"title":"\xc3\x28"}', "latin1") }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ kind: "bytes" as const, bytes: Buffer.from('{"title":"x"}', "utf16le") }),
  },
  // Past the 10 MB payload limit, rarely (one body in about two thousand): it is slow to send.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 0, max: 99 })
      .map(
        (n): Body =>
          n === 0
            ? { kind: "bytes", bytes: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20) }
            : { kind: "text", text: "{}" },
      ),
  },
);

const method = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE") },
  { weight: 4, arbitrary: fc.constantFrom("HEAD", "OPTIONS") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "TRACE",
      "PROPFIND",
      "QUERY",
      "SEARCH",
      "PURGE",
      "LINK",
      "get",
      "M-SEARCH",
      "FUZZ",
      "MKCOL",
    ),
  },
);

interface RequestSpec {
  readonly kind: "request";
  readonly who: Who;
  readonly method: string;
  readonly path:
    | {
        readonly template: (typeof templates)[number];
        readonly ids: readonly [Segment, Segment];
        readonly prefix: string;
        readonly suffix: string;
      }
    | string;
  readonly query: {
    readonly pairs: readonly (readonly [string, string])[];
    readonly knownCursor: number | undefined;
  };
  readonly contentType: string | undefined;
  readonly headers: readonly (readonly [string, string | { readonly known: number }])[];
  readonly body: Body;
}
interface UploadSpec {
  readonly kind: "upload";
  readonly sub: string;
  readonly slot: "avatar" | "attachment";
  readonly todo: number;
  readonly contentType: string;
  readonly bytes: "png" | "html" | "random" | "empty";
  readonly random: Uint8Array;
}
type Spec = RequestSpec | UploadSpec;

const requestSpec: fc.Arbitrary<RequestSpec> = fc.record({
  kind: fc.constant("request" as const),
  who,
  method,
  path: fc.oneof({ weight: 12, arbitrary: routePath }, { weight: 1, arbitrary: randomPath }),
  query,
  contentType: fc.option(contentType, { nil: undefined, freq: 6 }),
  headers: fc.array(header, { maxLength: 3 }),
  body,
});
const uploadSpec: fc.Arbitrary<UploadSpec> = fc.record({
  kind: fc.constant("upload" as const),
  sub: fc.constantFrom(...subs),
  slot: fc.constantFrom("avatar" as const, "attachment" as const),
  todo: fc.nat(),
  contentType: fc.constantFrom("image/png", "image/png", "image/jpeg", "application/pdf"),
  bytes: fc.constantFrom("png", "png", "png", "html", "random", "empty"),
  random: fc.uint8Array({ minLength: 1, maxLength: 256 }),
});

/**
 * Requests a device would send (a route's own method, a valid body in a JSON type, a real caller),
 * with hostile values where the contract allows any (titles, notes, ids, keys, tags): they get
 * through to the store, so the table fills up and the writes to count happen.
 */
const validText = fc.oneof(
  fc.string({ minLength: 1, maxLength: 60 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 30 }),
  dynamoLooking,
  nastyUnicode,
);
const validUser = fc.record(
  {
    username: fc.oneof(
      fc.constantFrom("fuzz_one", "fuzz_two", "fuzz_three", "fuzz_four"),
      fc.stringMatching(/^[a-z0-9_]{3,30}$/),
    ),
    firstName: validText,
    lastName: validText,
    email: fc.constantFrom("ada@example.com", "a.b+c@sub.example.org"),
    phoneNumber: fc.constantFrom("+3312345678", "+123456789012345"),
    bio: fc.oneof(validText, fc.constant("")),
  },
  { requiredKeys: ["username", "firstName", "lastName", "email"] },
);
const validTodo = fc.record(
  {
    title: validText,
    notes: fc.oneof(validText, fc.constant("")),
    done: fc.boolean(),
    dueAt: fc.constantFrom("2030-01-01T00:00:00Z", "2030-01-01T00:00:00.123+02:00", null),
  },
  { requiredKeys: ["title"] },
);
const ownId = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Segment>({ kind: "me" }) },
  { weight: 1, arbitrary: idSegment },
);
const todoId = fc.nat().map((index): Segment => ({ kind: "todo", index }));
const jsonText = (arbitrary: fc.Arbitrary<unknown>) =>
  arbitrary.map((value): Body => ({ kind: "text", text: JSON.stringify(value) }));
const partial = <T extends object>(arbitrary: fc.Arbitrary<T>) =>
  arbitrary.chain((value) =>
    fc
      .subarray(Object.keys(value))
      .map((keys) => Object.fromEntries(keys.map((k) => [k, value[k as keyof T]]))),
  );
/** One route's requests: its methods (repeated to weigh them), on its template, with such bodies. */
const op = (
  methods: readonly [string, ...string[]],
  template: (typeof templates)[number],
  body: fc.Arbitrary<Body>,
  ids: fc.Arbitrary<readonly [Segment, Segment]> = fc.tuple(ownId, todoId),
) => fc.record({ method: fc.constantFrom(...methods), template: fc.constant(template), ids, body });
const none = fc.constant<Body>({ kind: "none" });
const plausibleOps = fc.oneof(
  op(["POST"], templates[1], jsonText(validUser), fc.constant([{ kind: "me" }, { kind: "me" }] as const)),
  op(["GET", "GET", "GET", "PUT", "PUT", "PUT", "PUT", "DELETE"], templates[2], jsonText(validUser)),
  op(["PATCH"], templates[2], jsonText(partial(validUser))),
  op(["GET", "DELETE"], templates[3], none),
  op(["POST", "POST", "POST", "GET"], templates[4], jsonText(validTodo)),
  op(["GET", "GET", "PUT", "PUT", "DELETE"], templates[5], jsonText(validTodo)),
  op(["PATCH"], templates[5], jsonText(partial(validTodo))),
);
const plausibleSpec: fc.Arbitrary<RequestSpec> = fc
  .record({
    op: plausibleOps,
    who: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...subs).map((sub): Who => ({ kind: "user", sub })) },
      { weight: 1, arbitrary: fc.constant<Who>({ kind: "admin" }) },
    ),
    contentType: fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "application/merge-patch+json",
    ),
    headers: fc.array(header, { maxLength: 1 }),
    query: fc.oneof(query, fc.record({ pairs: fc.constant([]), knownCursor: fc.nat() })),
  })
  .map(({ op, who, contentType, headers, query }) => ({
    kind: "request",
    who,
    method: op.method,
    path: { template: op.template, ids: op.ids, prefix: "/v1", suffix: "" },
    query,
    contentType:
      op.method === "PATCH" || op.method === "POST" || op.method === "PUT" ? contentType : undefined,
    headers,
    body: op.method === "GET" || op.method === "DELETE" ? { kind: "none" } : op.body,
  }));
const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 200, arbitrary: requestSpec },
  { weight: 200, arbitrary: plausibleSpec },
  { weight: 2, arbitrary: uploadSpec },
);

// ---- sending ----

const tokens = new Map<string, string>();
async function mint(sub: string, scope?: string): Promise<string> {
  const reply = await httpRequest(
    `${stack().server.url}${localTokenPath}`,
    "POST",
    { "content-type": "application/json" },
    Buffer.from(JSON.stringify({ sub, ...(scope === undefined ? {} : { scope }) })),
    timeoutMs,
  );
  expect(reply.status, reply.text).toBe(200);
  return reply.json.access_token as string;
}

function subOf(w: Who): string | undefined {
  return w.kind === "user" ? w.sub : w.kind === "admin" ? adminSub : undefined;
}

function authorization(w: Who): string | undefined {
  switch (w.kind) {
    case "user":
      return `Bearer ${tokens.get(w.sub)}`;
    case "admin":
      return `Bearer ${tokens.get(adminSub)}`;
    case "none":
      return undefined;
    case "garbage":
      // A real token with its signature's last character changed.
      return w.value === "tamper" ? `Bearer ${tokens.get(subs[0])?.slice(0, -2)}AA` : w.value;
  }
}

const pick = <T>(list: readonly T[], index: number): T | undefined =>
  list.length === 0 ? undefined : list[index % list.length];

function segmentText(segment: Segment): string {
  if (segment.kind === "me") return "me";
  if (segment.kind === "raw") return segment.value;
  // The latest ones: older todos are mostly deleted by now.
  return pick(todoIds.slice(-40), segment.index) ?? "0190a3b4-0000-7000-8000-000000000000";
}

function pathOf(request: RequestSpec): string {
  const { path } = request;
  const base =
    typeof path === "string"
      ? path
      : `${path.prefix}/${path.template.map((part) => (typeof part === "number" ? segmentText(path.ids[part] as Segment) : part)).join("/")}${path.suffix}`;
  const pairs = request.query.pairs.map(([name, value]) => `${name}=${value}`);
  const cursor =
    request.query.knownCursor === undefined ? undefined : pick(cursors, request.query.knownCursor);
  if (cursor !== undefined) pairs.push(`cursor=${encodeURIComponent(cursor)}`);
  return pairs.length === 0 ? base : `${base}?${pairs.join("&")}`;
}

/** The user and item a path names, as the gateway decodes it (`me` is the caller). */
function target(path: string, caller: string | undefined): { userId?: string; item?: string; kind?: string } {
  const [, stage, collection, rawUser, rest, todoId, tail] = decodePath(path.split("?")[0] ?? "").split("/");
  if (stage !== "v1" || collection !== "users" || rawUser === undefined || rawUser === "") return {};
  const userId = rawUser === "me" ? caller : rawUser;
  if (userId === undefined) return {};
  if (rest === undefined) return { userId, item: `users/${userId}`, kind: "user" };
  if (rest === "avatar" && todoId === undefined) return { userId, item: `users/${userId}`, kind: "avatar" };
  if (rest === "todos" && todoId !== undefined && todoId !== "" && tail === undefined) {
    return { userId, item: `users/${userId}/todos/${todoId}`, kind: "todo" };
  }
  return { userId };
}

function bump(item: string, what: string): void {
  const count = versions.get(item);
  if (count !== undefined) versions.set(item, count + 1);
  note(item, what);
  counted += 1;
}

/** An empty merge patch changes nothing (RFC 7396), so it is no write to count. */
function isEmptyObject(payload: Buffer | undefined): boolean {
  try {
    const value = JSON.parse(payload?.toString() ?? "null") as unknown;
    return (
      value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0
    );
  } catch {
    return false;
  }
}

/** Counts the writes a 2xx acknowledged, and keeps ids, tags and cursors to reuse. */
function learn(
  method: string,
  path: string,
  caller: string | undefined,
  reply: Reply,
  payload: Buffer | undefined,
): void {
  if (reply.headers.etag !== undefined) etags.push(reply.headers.etag);
  if (typeof reply.json?.nextCursor === "string") cursors.push(reply.json.nextCursor);
  if (Array.isArray(reply.json?.items)) {
    for (const item of reply.json.items)
      if (typeof item?.todoId === "string" && !todoIds.includes(item.todoId)) todoIds.push(item.todoId);
  }
  if (reply.status < 200 || reply.status > 299 || !["POST", "PUT", "PATCH", "DELETE"].includes(method))
    return;
  const named = target(path, caller);
  const body = reply.json as { userId?: string; todoId?: string; version?: number } | undefined;
  const what = `${method} ${path.slice(0, 120)} → ${reply.status} v${body?.version}`;
  if (method === "POST" && reply.status === 201 && typeof body?.userId === "string") {
    if (typeof body.todoId === "string") {
      if (!seenTodos.has(body.todoId)) versions.set(`users/${body.userId}/todos/${body.todoId}`, 1);
      note(`users/${body.userId}/todos/${body.todoId}`, what);
      seenTodos.add(body.todoId);
      if (!todoIds.includes(body.todoId)) todoIds.push(body.todoId);
    } else {
      versions.set(`users/${body.userId}`, 1);
      note(`users/${body.userId}`, what);
    }
  } else if ((method === "PUT" || method === "PATCH") && typeof body?.userId === "string") {
    if (method === "PATCH" && isEmptyObject(payload)) return;
    bump(
      typeof body.todoId === "string" ? `users/${body.userId}/todos/${body.todoId}` : `users/${body.userId}`,
      what,
    );
  } else if (method === "DELETE" && reply.status === 204 && named.item !== undefined) {
    if (named.kind === "avatar") bump(named.item, what);
    else {
      note(named.item, what);
      for (const item of [...versions.keys()])
        if (item === named.item || item.startsWith(`${named.item}/`)) versions.delete(item);
    }
  }
}

/** Reads `leaks` nowhere in a body; problems and gateway errors in their exact forms. */
function checkReply(request: string, reply: Reply, method: string, payload?: Buffer): void {
  statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
  const context = `→ ${reply.status} ${reply.headers["content-type"] ?? ""} ${(reply.text ?? "").slice(0, 600)}\nfor ${request}`;
  try {
    expect(reply.status, "a 5xx").toBeLessThan(500);
    expect(reply.headers["apigw-requestid"], "apigw-requestid").toEqual(expect.any(String));
    expect(reply.headers["x-content-type-options"], "nosniff").toBe("nosniff");
    if (method === "HEAD" || reply.text === undefined) return;
    const text = reply.text;
    for (const leak of internalLeaks) expect(text).not.toMatch(leak);
    expect(text).not.toContain(stack().tableName);
    const json = reply.json as unknown;
    // A ticket names the bucket in its URL and fields: that is where the client posts the file.
    const { url: _url, fields: _fields, ...rest } = (json ?? {}) as Record<string, unknown>;
    expect(JSON.stringify(rest)).not.toContain(bucketName);
    expect(storageKeysIn(json), "storage keys").toEqual([]);
    if (reply.status >= 400) {
      if (reply.headers["content-type"] === "application/problem+json")
        checkProblem(withoutEchoedPaths(reply, payload), reply.status, stack().tableName);
      else expect(Object.keys(json as object), "a gateway error is {message}").toEqual(["message"]);
    }
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${context}`);
  }
}

/**
 * A validation problem names each offending field (API.md), so a field the request itself sent
 * (`TYPE#USER`) comes back in `errors[].path`: that echo is no leak, and is left out of the check.
 */
function withoutEchoedPaths(reply: Reply, payload: Buffer | undefined): Reply {
  const sent = payload?.toString() ?? "";
  const errors = (reply.json as { errors?: { path: string; message: string }[] }).errors;
  if (errors === undefined) return reply;
  const json = {
    ...reply.json,
    errors: errors.map((error) => {
      const first = String(error.path).split(/[./]/)[0] ?? "";
      return sent.includes(JSON.stringify(first).slice(1, -1)) ? { ...error, path: "(sent)" } : error;
    }),
  };
  return { ...reply, json, text: JSON.stringify(json) };
}

function storageKeysIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(storageKeysIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(storageKeys.has(key) ? [key] : []),
    ...storageKeysIn(inner),
  ]);
}

async function sendRequest(request: RequestSpec): Promise<void> {
  const path = pathOf(request);
  const caller = subOf(request.who);
  const headers: Record<string, string> = {};
  const auth = authorization(request.who);
  if (auth !== undefined) headers.authorization = auth;
  if (request.contentType !== undefined) headers["content-type"] = request.contentType;
  for (const [name, value] of request.headers) {
    headers[name] = typeof value === "string" ? value : (pick(etags, value.known) ?? '"none"');
  }
  // Node's client refuses control characters in a header value, as any HTTP stack would.
  for (const [name, value] of Object.entries(headers))
    headers[name] = [...value].filter((char) => char === "\t" || (char >= " " && char !== "\u007f")).join("");
  const payload =
    request.body.kind === "none"
      ? undefined
      : request.body.kind === "text"
        ? Buffer.from(request.body.text)
        : Buffer.from(request.body.bytes);
  const named = target(path, caller);
  const structural =
    (request.method === "DELETE" && named.kind === "user") ||
    (request.method === "POST" && path.split("?")[0]?.replace(/\/$/, "") === "/v1/users");
  const userId = named.userId ?? (structural ? caller : undefined);
  const summary = `${request.method} ${path.slice(0, 200)} as ${JSON.stringify(request.who).slice(0, 80)} ${JSON.stringify({ ...headers, authorization: headers.authorization?.slice(0, 20) }).slice(0, 300)} body ${payload?.subarray(0, 200).toString() ?? "none"}`;
  await withUser(userId, structural, async () => {
    sent += 1;
    let reply: Reply;
    try {
      reply = await httpRequest(`${stack().server.url}${path}`, request.method, headers, payload, timeoutMs);
    } catch (error) {
      throw new Error(`${summary}\n${(error as Error).message}`);
    }
    checkReply(summary, reply, request.method, payload);
    learn(request.method, path, caller, reply, payload);
  });
}

/** A real upload: a ticket, the form POST to the S3 front, then until the recorder has decided. */
async function upload(flow: UploadSpec): Promise<void> {
  const todoId = pick(todoIds.slice(-40), flow.todo);
  const path = flow.slot === "avatar" ? `/users/me/avatar` : `/users/me/todos/${todoId}/attachments`;
  const item = flow.slot === "avatar" ? `users/${flow.sub}` : `users/${flow.sub}/todos/${todoId}`;
  await withUser(flow.sub, false, async () => {
    sent += 1;
    const reply = await httpRequest(
      `${stack().server.apiUrl}${path}`,
      "POST",
      { authorization: `Bearer ${tokens.get(flow.sub)}`, "content-type": "application/json" },
      Buffer.from(JSON.stringify({ contentType: flow.contentType })),
      timeoutMs,
    );
    checkReply(`POST ${path} (upload ticket)`, reply, "POST");
    if (reply.status !== 200) return;
    const ticket = reply.json as UploadTicket;
    const bytes = { png: pngBytes(), html: htmlBytes, random: flow.random, empty: new Uint8Array() }[
      flow.bytes
    ];
    sent += 1;
    const uploaded = await uploadWithTicket(ticket, bytes);
    await uploaded.arrayBuffer();
    expect(uploaded.status, `upload to the S3 front: ${flow.bytes} as ${flow.contentType}`).toBeLessThan(500);
    if (uploaded.status >= 300) {
      uploads.refusedByS3 += 1;
      return;
    }
    const endpoint = new URL(ticket.url).origin;
    // The recorder either records the key on the item or deletes the object; until then, neither.
    const outcome = await eventually(
      async () => {
        const read = await stack().call(flow.sub, "GET", path.replace(/\/(avatar|attachments)$/, ""));
        const body =
          read.status === 200
            ? ((await read.json()) as { avatar?: { key: string } | null; attachments?: { key: string }[] })
            : undefined;
        if (read.status !== 200) await read.arrayBuffer();
        const files = flow.slot === "avatar" ? [body?.avatar] : (body?.attachments ?? []);
        if (files.some((file) => file?.key === ticket.key)) return "recorded";
        return (await stack().exists(endpoint, ticket.key)) ? "pending" : "dropped";
      },
      (state) => state !== "pending",
      timeoutMs,
    );
    expect(outcome, `the recorder decided on ${ticket.key}`).not.toBe("pending");
    uploads[outcome === "recorded" ? "recorded" : "dropped"] += 1;
    if (outcome === "recorded") bump(item, `upload of ${ticket.key} recorded`);
  });
}

it("answers 10,000 generated requests without a 5xx, a hang or a leak, and leaves the table consistent", async () => {
  const local = stack();
  for (const sub of subs) tokens.set(sub, await mint(sub));
  tokens.set(adminSub, await mint(adminSub, "planner/admin"));
  // Each function's first (cold) start is not what is fuzzed: every route once, one at a time (a cold
  // start counts against the function's timeout locally, and 2 cores start them slowly), writing nothing.
  const warming = Date.now();
  for (const { routeKey } of app.routes) {
    const [method = "GET", path = "/"] = routeKey.split(" ");
    const url = `${local.server.apiUrl}${path.replace(/\{[^}]+\}/g, "fuzz_nobody")}`;
    const headers = { authorization: `Bearer ${tokens.get(adminSub)}`, "content-type": "application/json" };
    await httpRequest(url, method, headers, Buffer.from("{}"), 60_000);
  }
  console.log(`fuzz: warm in ${((Date.now() - warming) / 1000).toFixed(1)} s`);
  const started = Date.now();
  console.log(
    `fuzz: seed ${seed}${replayPath === undefined ? "" : ` path ${replayPath}`}, ${runs} batches of ${batchSize}`,
  );
  const property = fc.asyncProperty(
    fc.array(spec, { minLength: batchSize, maxLength: batchSize }),
    async (batch) => {
      // Every request of the batch answers before the next batch (or the end) starts.
      const outcomes = await Promise.allSettled(
        batch.map((one) => (one.kind === "upload" ? upload(one) : sendRequest(one))),
      );
      for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    },
  );
  const details = await fc.check(property, {
    seed,
    numRuns: runs,
    endOnFailure: true,
    ...(replayPath === undefined ? {} : { path: replayPath }),
  });
  console.log(
    `fuzz: answers by status ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}, ${counted} writes counted, ${versions.size} items tracked, uploads ${JSON.stringify(uploads)}`,
  );
  console.log(`fuzz: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${seed}`);
  if (details.failed) {
    const replay = `PORTICO_FUZZ_SEED=${details.seed} PORTICO_FUZZ_PATH=${details.counterexamplePath}`;
    console.log(`fuzz: failed; replay with ${replay}`);
    // The failing request and its answer, not the whole batch (which can be megabytes).
    throw new Error(
      `fuzz failed (${replay}):\n${(details.errorInstance as Error | undefined)?.message.slice(0, 4000)}`,
    );
  }
  if (process.env.PORTICO_FUZZ_RUNS === undefined && replayPath === undefined)
    expect(sent).toBeGreaterThanOrEqual(10_000);

  const health = await httpRequest(`${local.server.apiUrl}/health`, "GET", {}, undefined, timeoutMs);
  expect(health.status).toBe(200);
  const fresh = await local.newUser("after_fuzz");
  const read = await local.call(fresh, "GET", "/users/me");
  expect(read.status).toBe(200);
  versions.set(`users/${fresh}`, 1);
  const endpoint = new URL((await local.ticket(fresh)).url).origin;
  const s3 = local.s3(endpoint);
  const listObjects = async () => {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucketName })) {
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
    }
    return keys;
  };
  // The recorder deletes a replaced or refused object just after it answers: let it finish.
  const violations = await eventually(
    () =>
      tableViolations({
        client: localDynamoDbClient(),
        tableName: local.tableName,
        objectExists: (key) => local.exists(endpoint, key),
        listObjects,
        expectedVersions: versions,
      }),
    (found) => found.length === 0,
    5_000,
  );
  const named = [...history].filter(([item]) => violations.some((v) => v.startsWith(`${item} `)));
  expect(violations, named.map(([item, writes]) => `${item}:\n  ${writes.join("\n  ")}`).join("\n")).toEqual(
    [],
  );
}, 240_000);
