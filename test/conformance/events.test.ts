/**
 * Conformance of the local gateway's payload 2.0 events with AWS's (AWS-FACTS.md §1 and §12).
 *
 * Real HTTP requests of every kind — written byte for byte on a socket, so duplicate headers, several
 * Cookie lines, a missing User-Agent and percent-encoded paths reach the gateway as sent — go through the
 * gateway to the `echo` function, which returns the event it received. Those events are compared with the
 * events AWS published (test/fixtures/apigw-v2-events) for SHAPE, not values: the keys present and
 * absent in the same situation, the type of every field, and the formats AWS uses. Every expectation names
 * the fixture that sets it, and is first checked against that fixture, so a rule is AWS's before it is the
 * emulator's. Some requests replay the request behind a captured fixture, so the two events can be
 * compared whole.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJwtAuthorizer } from "../../src/local/gateway/authorizer.js";
import { createGateway, type GatewayRoute } from "../../src/local/gateway/gateway.js";
import { FunctionPool } from "../../src/local/gateway/invoker/function-pool.js";
import { signWithIssuerKey, type TokenIssuer } from "../../src/local/services/token-issuer.js";
import { localHost, localPrefix } from "../../src/runtime/index.js";
import { awsEventsDir } from "../fixtures/aws-events.js";
import { type RawResponse, rawRequest } from "../support/raw-http.js";
import { temporaryTokenIssuer } from "../support/token-issuers.js";
import {
  at,
  type Fixture,
  has,
  type JsonObject,
  keysAt,
  leavesOf,
  loadFixtures,
  shapeOf,
  without,
} from "./shape.js";

// ---------------------------------------------------------------------------------------------------
// The evidence: AWS's events.

const fixtures = loadFixtures(awsEventsDir);

/**
 * Fields of 'captured' fixtures that were edited after the capture, so they say nothing of what AWS sends;
 * they are removed before a fixture serves as evidence.
 */
const handEdits: Readonly<Record<string, readonly string[]>> = {
  // `body: null` on a GET whose requestId, trace id and headers (content-length 41) are those of
  // values-put-withbody: the body was blanked by hand.
  "aws-lambda-dotnet-cookies-get-multiple-httpapi-v2-request.json": ["body"],
  // The lambda-authorizer capture (same requestId) with a body added by hand: content-length is still "0".
  "powertools-ts-samples-exampleAPIGatewayProxyEventV2.json": ["body"],
};

/** Only present behind a custom domain with mutual TLS, which the local gateway never is. */
const mutualTlsOnly = ["requestContext.authentication"];

function fixtureNamed(name: string): Fixture {
  const fixture = fixtures.find((candidate) => candidate.name === name);
  if (fixture === undefined) throw new Error(`No fixture named ${name}.`);
  return { ...fixture, event: without(fixture.event, handEdits[name] ?? []) };
}

const allFixtures = fixtures.map((fixture) => fixtureNamed(fixture.name));
const capturedFixtures = allFixtures.filter((fixture) => fixture.provenance === "captured");

/** The headers API Gateway adds to every request it forwards (AWS-FACTS.md §1.3). */
const addedByAws = [
  "content-length",
  "host",
  "x-amzn-trace-id",
  "x-forwarded-for",
  "x-forwarded-port",
  "x-forwarded-proto",
];

// ---------------------------------------------------------------------------------------------------
// The requests, and the gateway they go through.

const stage = "v1";

const routes: readonly GatewayRoute[] = [
  { routeKey: "$default", functionName: "echo", authorized: false, scopes: [] },
  { routeKey: "ANY /{proxy+}", functionName: "echo", authorized: false, scopes: [] },
  { routeKey: "GET /items/{id}", functionName: "echo", authorized: false, scopes: [] },
  { routeKey: "POST /items/{id}", functionName: "echo", authorized: false, scopes: [] },
  { routeKey: "POST /uploads", functionName: "echo", authorized: false, scopes: [] },
  // As in powertools-ts-apigw-http-jwt-authorizer-auth.json: a JWT authorizer and no scopes.
  { routeKey: "POST /cognito", functionName: "echo", authorized: true, scopes: [] },
  { routeKey: "GET /reports/{year}", functionName: "echo", authorized: true, scopes: ["reports/read"] },
];

type Header = readonly [name: string, value: string];

interface Probe {
  /** The request as a noun phrase, for messages: "a GET with a query string". */
  readonly title: string;
  readonly method: string;
  /** The path and query string after the stage, sent verbatim (percent-encoding included). */
  readonly target: string;
  /** Header lines in order, duplicates allowed; `Host` is always sent first, `Content-Length` with a body. */
  readonly headers: readonly Header[];
  /** Sent with a `Content-Length` (0 for an empty buffer); a request without one has no body at all. */
  readonly body?: Buffer;
  /** The route key the request must match. */
  readonly route: string;
  /** Sends `Authorization: Bearer …` with the token of that name (see `tokens`). */
  readonly token?: "claims" | "scoped";
}

const curl: readonly Header[] = [
  ["User-Agent", "curl/8.7.1"],
  ["Accept", "*/*"],
];

/** Bytes 0 to 255, which are no valid UTF-8: they survive only as base64. */
const allBytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
const boundary = "----portico-conformance";
const multipartBody = Buffer.concat([
  Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bytes.bin"\r\n` +
      "Content-Type: application/octet-stream\r\n\r\n",
  ),
  allBytes,
  Buffer.from(`\r\n--${boundary}--\r\n`),
]);

/** Requests of every kind the brief lists, by id. */
const probes = {
  plainGet: {
    title: "a GET without body or query string",
    method: "GET",
    target: "/items/42",
    headers: curl,
    route: "GET /items/{id}",
  },
  query: {
    title: "a GET with repeated keys, +, %2B, an empty value and encoded spaces in its query string",
    method: "GET",
    target: "/items/42?tag=a&tag=b&plus=a+b&encodedPlus=a%2Bb&empty=&first%20name=red%20shoe",
    headers: curl,
    route: "GET /items/{id}",
  },
  json: {
    title: "a POST with a JSON body",
    method: "POST",
    target: "/items/42",
    headers: [...curl, ["Content-Type", "application/json"]],
    body: Buffer.from('{"name":"Ada","tags":["x","ÿ"]}'),
    route: "POST /items/{id}",
  },
  text: {
    title: "a POST with a text/plain body",
    method: "POST",
    target: "/uploads",
    headers: [...curl, ["Content-Type", "text/plain; charset=utf-8"]],
    body: Buffer.from("héllo wörld ✓\r\nsecond line"),
    route: "POST /uploads",
  },
  binary: {
    title: "a POST with an application/octet-stream body",
    method: "POST",
    target: "/uploads",
    headers: [...curl, ["Content-Type", "application/octet-stream"]],
    body: allBytes,
    route: "POST /uploads",
  },
  noContentType: {
    title: "a POST with a body and no Content-Type",
    method: "POST",
    target: "/uploads",
    headers: curl,
    body: Buffer.concat([Buffer.from("raw "), allBytes.subarray(250)]),
    route: "POST /uploads",
  },
  form: {
    title: "a POST with an application/x-www-form-urlencoded body",
    method: "POST",
    target: "/uploads",
    headers: [...curl, ["Content-Type", "application/x-www-form-urlencoded"]],
    body: Buffer.from("name=Ada+Lovelace&city=London%21&empty="),
    route: "POST /uploads",
  },
  multipart: {
    title: "a POST with a multipart/form-data body",
    method: "POST",
    target: "/uploads",
    headers: [...curl, ["Content-Type", `multipart/form-data; boundary=${boundary}`]],
    body: multipartBody,
    route: "POST /uploads",
  },
  emptyPost: {
    title: "a POST with Content-Length: 0",
    method: "POST",
    target: "/uploads",
    headers: curl,
    body: Buffer.alloc(0),
    route: "POST /uploads",
  },
  oneCookie: {
    title: "a GET with one Cookie header",
    method: "GET",
    target: "/items/42",
    headers: [...curl, ["Cookie", "session=abc123; theme=dark"]],
    route: "GET /items/{id}",
  },
  severalCookies: {
    title: "a GET with several Cookie headers",
    method: "GET",
    target: "/items/42",
    headers: [...curl, ["Cookie", "a=1"], ["cookie", "b=2; c=3"]],
    route: "GET /items/{id}",
  },
  duplicateHeader: {
    title: "a GET with a header sent twice",
    method: "GET",
    target: "/items/42",
    headers: [...curl, ["X-Probe", "a"], ["x-probe", "b"], ["X-Mixed-Case", "Value"]],
    route: "GET /items/{id}",
  },
  encodedSpace: {
    title: "a GET on a path with %20",
    method: "GET",
    target: "/items/file%20name.xml",
    headers: curl,
    route: "GET /items/{id}",
  },
  greedy: {
    title: "a DELETE on the greedy route",
    method: "DELETE",
    target: "/files/reports/2026/q1.csv",
    headers: curl,
    route: "ANY /{proxy+}",
  },
  scoped: {
    title: "an authorized GET on a route with authorization scopes",
    method: "GET",
    target: "/reports/2026",
    headers: curl,
    route: "GET /reports/{year}",
    token: "scoped",
  },
  noUserAgent: {
    title: "a GET without a User-Agent",
    method: "GET",
    target: "/items/42",
    headers: [["Accept", "*/*"]],
    route: "GET /items/{id}",
  },
  keepAlive: {
    title: "a GET with HTTPie's headers, Connection: keep-alive included",
    method: "GET",
    target: "/items/42",
    headers: [
      ["User-Agent", "HTTPie/3.2.2"],
      ["Accept-Encoding", "gzip, deflate"],
      ["Accept", "*/*"],
      ["Connection", "keep-alive"],
    ],
    route: "GET /items/{id}",
  },
} satisfies Record<string, Probe>;

/**
 * The request behind a captured fixture, rebuilt from what the event shows: its method, path, query string,
 * the client's headers (those AWS did not add), its cookies as one Cookie header, its body, and a token of
 * ours when it went through a JWT authorizer. The API has the fixture's route key, under stage `v1`.
 */
function replayOf(name: string): Probe {
  const { event } = fixtureNamed(name);
  const method = at(event, "requestContext.http.method") as string;
  const rawQueryString = at(event, "rawQueryString") as string;
  const clientHeaders = Object.entries(at(event, "headers") as Record<string, string>).filter(
    ([header]) => !addedByAws.includes(header) && header !== "authorization",
  );
  const cookies = at(event, "cookies") as string[] | undefined;
  const body = at(event, "body");
  const sentBody =
    typeof body === "string" && at(event, "headers.content-length") !== "0"
      ? Buffer.from(body, at(event, "isBase64Encoded") === true ? "base64" : "utf8")
      : method === "GET"
        ? undefined
        : Buffer.alloc(0);
  return {
    title: `the request behind ${name}`,
    method,
    target: `${encodeURI(at(event, "rawPath") as string)}${rawQueryString === "" ? "" : `?${rawQueryString}`}`,
    headers: [...clientHeaders, ...(cookies === undefined ? [] : [["Cookie", cookies.join("; ")] as const])],
    ...(sentBody === undefined ? {} : { body: sentBody }),
    route: at(event, "routeKey") as string,
    ...(has(event, "requestContext.authorizer.jwt") ? { token: "claims" as const } : {}),
  };
}

/** Captured fixtures whose request is replayed, by probe id: the client that sent it, then the request. */
const replays = {
  curlRoot: "aws-lambda-go-apigw-v2-request-no-authorizer.json",
  httpieJwt: "powertools-ts-apigw-http-jwt-authorizer-auth.json",
  postmanEncodedSpace: "aws-lambda-dotnet-encode-space-in-resource-path-httpapi-v2.json",
  chromeQuery: "aws-lambda-dotnet-values-get-querystring-httpapi-v2-mv-request.json",
  postmanPut: "aws-lambda-dotnet-values-put-withbody-httpapi-v2-request.json",
  postmanCookies: "aws-lambda-dotnet-cookies-get-multiple-httpapi-v2-request.json",
} as const;

type ProbeId = keyof typeof probes | keyof typeof replays;

const allProbes: ReadonlyMap<ProbeId, Probe> = new Map<ProbeId, Probe>([
  ...(Object.entries(probes) as [ProbeId, Probe][]),
  ...(Object.entries(replays) as [ProbeId, string][]).map(([id, name]) => [id, replayOf(name)] as const),
]);

type Exchange = RawResponse;

/**
 * One HTTP/1.1 exchange written on a plain socket, so the request is exactly what `headers` says: no
 * header added (fetch adds a User-Agent and joins duplicates), none merged (node:http joins Cookie lines).
 */
function exchange(port: number, method: string, target: string, headers: readonly Header[], body?: Buffer) {
  return rawRequest(
    port,
    [
      `${method} ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      ...headers.map(([name, value]) => `${name}: ${value}`),
      ...(body === undefined ? [] : [`Content-Length: ${body.length}`]),
    ],
    body,
  );
}

interface Capture {
  readonly probe: Probe;
  readonly exchange: Exchange;
  /** The event the echo function received; absent when the gateway did not answer 200. */
  readonly event?: JsonObject;
  readonly receivedAt: number;
}

const captures = new Map<ProbeId, Capture>();
let server: Server | undefined;
let pool: FunctionPool;
let issuer: TokenIssuer;
let removeIssuer: (() => Promise<void>) | undefined;
/** Epoch seconds the claims token was signed at, for the expected claims. */
let signedAt: number;

beforeAll(async () => {
  ({ issuer, remove: removeIssuer } = await temporaryTokenIssuer("conformance", {
    issuer: `http://${localHost}${localPrefix}`,
    audience: "conformance",
  }));
  pool = new FunctionPool([
    {
      name: "echo",
      module: fileURLToPath(
        new URL("../../src/local/gateway/invoker/test-functions/behaviours.ts", import.meta.url),
      ),
      exportName: "echo",
      timeoutMs: 10_000,
      environment: {},
    },
  ]);
  const gateway = createServer(
    createGateway({
      stage,
      routes,
      invoker: pool,
      authorizer: createJwtAuthorizer({
        issuer: issuer.issuer,
        audience: [issuer.audience],
        keys: { jwks: () => issuer.jwks() },
      }),
    }),
  );
  server = gateway;
  await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
  const { port } = gateway.address() as AddressInfo;

  signedAt = Math.floor(Date.now() / 1000);
  const tokens = {
    // Claims of every JSON type, as an ID token carries them; `scope` too, which a route without scopes ignores.
    claims: await signWithIssuerKey(issuer, {
      iss: issuer.issuer,
      aud: issuer.audience,
      sub: "d2f50444-0041-7036-aea2-a955fca33d37",
      token_use: "id",
      auth_time: signedAt - 60,
      iat: signedAt,
      exp: signedAt + 600,
      email_verified: true,
      "cognito:groups": ["admin", "editors"],
      scope: "reports/read",
    }),
    scoped: (await issuer.issue({ sub: "alice", scope: "reports/read reports/write" })).access_token,
  };

  for (const [id, probe] of allProbes) {
    const headers: Header[] = [
      ...probe.headers,
      ...(probe.token === undefined ? [] : [["Authorization", `Bearer ${tokens[probe.token]}`] as const]),
    ];
    const answer = await exchange(port, probe.method, `/${stage}${probe.target}`, headers, probe.body);
    const event =
      answer.status === 200
        ? (JSON.parse(answer.body.toString("utf8")) as { event: JsonObject }).event
        : undefined;
    captures.set(id, {
      probe,
      exchange: answer,
      ...(event === undefined ? {} : { event }),
      receivedAt: Date.now(),
    });
  }
});

afterAll(async () => {
  const gateway = server;
  if (gateway !== undefined) {
    gateway.closeAllConnections();
    await new Promise((resolve) => gateway.close(resolve));
  }
  await pool?.close();
  await removeIssuer?.();
});

// ---------------------------------------------------------------------------------------------------
// Reading the captures.

/** The event `id`'s request produced; fails loudly when the gateway did not deliver it. */
function eventOf(id: ProbeId): JsonObject {
  const capture = captures.get(id);
  if (capture?.event === undefined) {
    throw new Error(
      `${allProbes.get(id)?.title} was not delivered to the function: ` +
        `${capture?.exchange.status} ${capture?.exchange.body.toString("utf8")}`,
    );
  }
  return capture.event;
}

interface Subject {
  /** Names the event in failure messages: a fixture's file name, or `emulator: <request>`. */
  readonly label: string;
  readonly event: JsonObject;
  readonly probe?: Probe;
}

/** The events the emulator built (for the probes `where` selects), skipping any that was not delivered. */
function emulatorEvents(where: (probe: Probe) => boolean = () => true): Subject[] {
  return [...captures.values()].flatMap(({ probe, event }) =>
    event !== undefined && where(probe) ? [{ label: `emulator: ${probe.title}`, event, probe }] : [],
  );
}

const awsCaptures = (): Subject[] =>
  capturedFixtures.map((fixture) => ({ label: fixture.name, event: fixture.event }));

/** Runs `check` on every captured AWS event — so it is AWS's rule — then on every emulator event. */
function holdsForAwsThenEmulator(check: (event: JsonObject, label: string) => void): void {
  for (const { label, event } of [...awsCaptures(), ...emulatorEvents()]) check(event, label);
}

/** What a request was, in the terms AWS's presence rules depend on. */
const situation = {
  hasQuery: (probe: Probe) => probe.target.includes("?"),
  hasBody: (probe: Probe) => (probe.body?.length ?? 0) > 0,
  hasCookies: (probe: Probe) => probe.headers.some(([name]) => name.toLowerCase() === "cookie"),
  routeHasVariables: (probe: Probe) => probe.route.includes("{"),
  authorized: (probe: Probe) => routes.find((route) => route.routeKey === probe.route)?.authorized === true,
  always: () => true,
};

const headersOf = (event: JsonObject) => at(event, "headers") as Record<string, unknown>;
const decoded = (event: JsonObject) =>
  Buffer.from(at(event, "body") as string, at(event, "isBase64Encoded") === true ? "base64" : "utf8");

// ---------------------------------------------------------------------------------------------------

describe("the requests", () => {
  it("all reach the echo function through the route they target", () => {
    for (const [id, probe] of allProbes) {
      const event = eventOf(id);
      expect(at(event, "routeKey"), probe.title).toBe(probe.route);
      expect(at(event, "requestContext.http.method"), probe.title).toBe(probe.method);
    }
  });
});

describe("formats every captured AWS event has, and every emulator event must have", () => {
  it("sets version to 2.0", () => {
    holdsForAwsThenEmulator((event, label) => expect(at(event, "version"), label).toBe("2.0"));
  });

  it("gives routeKey the value of requestContext.routeKey", () => {
    holdsForAwsThenEmulator((event, label) =>
      expect(at(event, "routeKey"), label).toBe(at(event, "requestContext.routeKey")),
    );
  });

  it("gives rawPath the value of requestContext.http.path, with a named stage first (aws-lambda-dotnet-values-get-all-httpapi-v2-with-stage.json)", () => {
    holdsForAwsThenEmulator((event, label) => {
      expect(at(event, "rawPath"), label).toBe(at(event, "requestContext.http.path"));
      const eventStage = at(event, "requestContext.stage") as string;
      if (eventStage !== "$default")
        expect(at(event, "rawPath"), label).toMatch(new RegExp(`^/${eventStage}(/|$)`));
    });
  });

  it("reports requestContext.http.protocol as HTTP/1.1", () => {
    holdsForAwsThenEmulator((event, label) =>
      expect(at(event, "requestContext.http.protocol"), label).toBe("HTTP/1.1"),
    );
  });

  it("gives a requestId of 15 characters then '=' (J6vl3iNWoAMESOw=; AWS's may hold '-', as LV7fzho-PHcEJPw=)", () => {
    holdsForAwsThenEmulator((event, label) =>
      expect(at(event, "requestContext.requestId"), label).toMatch(/^[A-Za-z0-9_-]{15}=$/),
    );
    for (const { label, event } of emulatorEvents()) {
      expect(at(event, "requestContext.requestId"), label).toMatch(/^[A-Za-z0-9]{15}=$/);
    }
  });

  it("formats requestContext.time as CLF, dd/MMM/yyyy:HH:mm:ss +0000 with the space, the second of timeEpoch", () => {
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    holdsForAwsThenEmulator((event, label) => {
      const time = at(event, "requestContext.time");
      const clf = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) \+0000$/.exec(String(time));
      expect(clf, `${label}: time ${String(time)}`).not.toBeNull();
      const [, day, month, year, hours, minutes, seconds] = (clf ?? []) as string[];
      const timeMs = Date.UTC(
        Number(year),
        months.indexOf(month as string),
        Number(day),
        Number(hours),
        Number(minutes),
        Number(seconds),
      );
      expect(timeMs, `${label}: time and timeEpoch`).toBe(
        Math.floor((at(event, "requestContext.timeEpoch") as number) / 1000) * 1000,
      );
    });
  });

  it("gives timeEpoch in milliseconds", () => {
    holdsForAwsThenEmulator((event, label) => {
      const epoch = at(event, "requestContext.timeEpoch");
      expect(typeof epoch, label).toBe("number");
      expect(Number.isInteger(epoch) && (epoch as number) > 1e12, `${label}: ${String(epoch)} is in ms`).toBe(
        true,
      );
    });
    for (const capture of captures.values()) {
      if (capture.event === undefined) continue;
      const epoch = at(capture.event, "requestContext.timeEpoch") as number;
      expect(Math.abs(capture.receivedAt - epoch), `${capture.probe.title}: timeEpoch is now`).toBeLessThan(
        5_000,
      );
    }
  });

  it("lower-cases every header name and gives every header and query parameter a string value", () => {
    holdsForAwsThenEmulator((event, label) => {
      for (const [name, value] of Object.entries(headersOf(event))) {
        expect(name, label).toBe(name.toLowerCase());
        expect(typeof value, `${label}: header ${name}`).toBe("string");
      }
      for (const [name, value] of Object.entries((at(event, "queryStringParameters") ?? {}) as JsonObject)) {
        expect(typeof value, `${label}: query parameter ${name}`).toBe("string");
      }
    });
  });

  it("adds host, content-length, x-amzn-trace-id and x-forwarded-for/port/proto to every request", () => {
    holdsForAwsThenEmulator((event, label) =>
      expect(keysAt(event, "headers"), label).toEqual(expect.arrayContaining(addedByAws)),
    );
  });

  it("gives x-amzn-trace-id the form Root=1-<8 hex: the request's epoch second>-<24 hex>", () => {
    holdsForAwsThenEmulator((event, label) => {
      const trace = /^Root=1-([0-9a-f]{8})-[0-9a-f]{24}$/.exec(String(headersOf(event)["x-amzn-trace-id"]));
      expect(trace, `${label}: ${String(headersOf(event)["x-amzn-trace-id"])}`).not.toBeNull();
      expect(Number.parseInt((trace as RegExpExecArray)[1] as string, 16), label).toBe(
        Math.floor((at(event, "requestContext.timeEpoch") as number) / 1000),
      );
    });
  });

  it("ends x-forwarded-for with requestContext.http.sourceIp", () => {
    holdsForAwsThenEmulator((event, label) =>
      expect(String(headersOf(event)["x-forwarded-for"]), label).toMatch(
        new RegExp(`(^|, )${String(at(event, "requestContext.http.sourceIp")).replaceAll(".", "\\.")}$`),
      ),
    );
  });

  it("reports the User-Agent header as requestContext.http.userAgent", () => {
    holdsForAwsThenEmulator((event, label) =>
      expect(at(event, "requestContext.http.userAgent"), label).toBe(headersOf(event)["user-agent"] ?? ""),
    );
  });

  it("sets content-length to the byte length of the body (0 without one)", () => {
    for (const { label, event, probe } of emulatorEvents()) {
      expect(headersOf(event)["content-length"], label).toBe(String(probe?.body?.length ?? 0));
    }
  });

  it("gives a 12-digit accountId, a 10-character lower-case apiId, and domainPrefix as domainName's first label", () => {
    holdsForAwsThenEmulator((event, label) => {
      expect(at(event, "requestContext.accountId"), label).toMatch(/^\d{12}$/);
      expect(at(event, "requestContext.apiId"), label).toMatch(/^[a-z0-9]{10}$/);
      expect(at(event, "requestContext.domainPrefix"), label).toBe(
        String(at(event, "requestContext.domainName")).split(".")[0],
      );
    });
  });

  it("always has isBase64Encoded, a boolean, true only with a body", () => {
    holdsForAwsThenEmulator((event, label) => {
      expect(typeof at(event, "isBase64Encoded"), label).toBe("boolean");
      if (!has(event, "body")) expect(at(event, "isBase64Encoded"), label).toBe(false);
    });
  });

  it("answers with the event's requestId as the apigw-requestid response header", () => {
    for (const capture of captures.values()) {
      if (capture.event === undefined) continue;
      expect(capture.exchange.headers["apigw-requestid"], capture.probe.title).toBe(
        at(capture.event, "requestContext.requestId"),
      );
    }
  });
});

interface PresenceRule {
  readonly key: string;
  /** How the key reads in the test name, when not its path. */
  readonly label?: string;
  readonly present: boolean;
  /** Completes "includes/omits <key> …": "when there is no query string". */
  readonly when: string;
  readonly applies: (probe: Probe) => boolean;
  /** Captured fixtures in the same situation, which show AWS including or omitting the key. */
  readonly evidence: readonly string[];
}

const presenceRules: readonly PresenceRule[] = [
  {
    key: "queryStringParameters",
    present: false,
    when: "when there is no query string",
    applies: (probe) => !situation.hasQuery(probe),
    evidence: [
      "aws-lambda-go-apigw-v2-request-no-authorizer.json",
      "powertools-ts-apigw-http-jwt-authorizer-auth.json",
    ],
  },
  {
    key: "queryStringParameters",
    present: true,
    when: "when there is a query string",
    applies: situation.hasQuery,
    evidence: ["aws-lambda-dotnet-values-get-querystring-httpapi-v2-mv-request.json"],
  },
  {
    key: "rawQueryString",
    present: true,
    when: "even when there is no query string",
    applies: (probe) => !situation.hasQuery(probe),
    evidence: ["aws-lambda-go-apigw-v2-request-no-authorizer.json"],
  },
  {
    key: "body",
    present: false,
    when: "when the request has no body (a GET, or a POST with Content-Length: 0)",
    applies: (probe) => !situation.hasBody(probe),
    evidence: ["aws-lambda-go-apigw-v2-request-no-authorizer.json", "powertools-ts-apigw-http-iam-auth.json"],
  },
  {
    key: "body",
    present: true,
    when: "when the request has a body",
    applies: situation.hasBody,
    evidence: ["aws-lambda-dotnet-values-put-withbody-httpapi-v2-request.json"],
  },
  {
    key: "cookies",
    present: false,
    when: "when the request has no Cookie header",
    applies: (probe) => !situation.hasCookies(probe),
    evidence: [
      "aws-lambda-go-apigw-v2-request-no-authorizer.json",
      "powertools-ts-apigw-http-jwt-authorizer-auth.json",
    ],
  },
  {
    key: "cookies",
    present: true,
    when: "when the request has a Cookie header",
    applies: situation.hasCookies,
    evidence: ["aws-lambda-dotnet-cookies-get-multiple-httpapi-v2-request.json"],
  },
  {
    key: "headers.cookie",
    label: "the cookie header",
    present: false,
    when: "when the request has a Cookie header, which becomes cookies",
    applies: situation.hasCookies,
    evidence: ["aws-lambda-dotnet-cookies-get-multiple-httpapi-v2-request.json"],
  },
  {
    key: "pathParameters",
    present: false,
    when: "when the route has no path variables (such as $default or POST /uploads)",
    applies: (probe) => !situation.routeHasVariables(probe),
    evidence: ["aws-lambda-go-apigw-v2-request-no-authorizer.json", "powertools-ts-apigw-http-iam-auth.json"],
  },
  {
    key: "pathParameters",
    present: true,
    when: "when the route has path variables",
    applies: situation.routeHasVariables,
    evidence: ["aws-lambda-dotnet-values-get-querystring-httpapi-v2-mv-request.json"],
  },
  {
    key: "requestContext.authorizer",
    present: false,
    when: "when the route has no authorizer",
    applies: (probe) => !situation.authorized(probe),
    evidence: [
      "aws-lambda-go-apigw-v2-request-no-authorizer.json",
      "aws-lambda-dotnet-cookies-get-multiple-httpapi-v2-request.json",
    ],
  },
  {
    key: "requestContext.authorizer",
    present: true,
    when: "when the route has a JWT authorizer",
    applies: situation.authorized,
    evidence: [
      "powertools-ts-apigw-http-jwt-authorizer-auth.json",
      "aws-lambda-dotnet-authtest-access-request-httpapi-v2.json",
    ],
  },
  {
    key: "stageVariables",
    present: false,
    when: "when the stage defines no stage variables (never, locally)",
    applies: situation.always,
    evidence: [
      "aws-lambda-go-apigw-v2-request-no-authorizer.json",
      "powertools-ts-apigw-http-jwt-authorizer-auth.json",
    ],
  },
  {
    key: "requestContext.authentication",
    present: false,
    when: "when the client did not use mutual TLS (never, locally)",
    applies: situation.always,
    evidence: [
      "powertools-ts-apigw-http-jwt-authorizer-auth.json",
      "aws-lambda-dotnet-encode-space-in-resource-path-httpapi-v2.json",
    ],
  },
  {
    key: "isBase64Encoded",
    present: true,
    when: "in every event, with or without a body",
    applies: situation.always,
    evidence: [
      "aws-lambda-go-apigw-v2-request-no-authorizer.json",
      "aws-lambda-dotnet-values-put-withbody-httpapi-v2-request.json",
    ],
  },
];

describe("keys present and absent as in AWS's events", () => {
  for (const rule of presenceRules) {
    const name = `${rule.present ? "includes" : "omits"} ${rule.label ?? rule.key} ${rule.when}, as AWS does (${rule.evidence.join(", ")})`;
    it(name, () => {
      for (const fixtureName of rule.evidence) {
        const fixture = fixtureNamed(fixtureName);
        expect(fixture.provenance, `${fixtureName} is a capture`).toBe("captured");
        expect(
          has(fixture.event, rule.key),
          `${fixtureName} ${rule.present ? "has" : "lacks"} ${rule.key}`,
        ).toBe(rule.present);
      }
      const events = emulatorEvents(rule.applies);
      expect(events.length, "requests in this situation").toBeGreaterThan(0);
      for (const { label, event } of events) {
        expect(has(event, rule.key), `${label}: ${rule.present ? "has" : "lacks"} ${rule.key}`).toBe(
          rule.present,
        );
      }
    });
  }

  it(`never has multiValueHeaders or multiValueQueryStringParameters, which payload 2.0 lacks (none of the ${fixtures.length} fixtures has them)`, () => {
    for (const { label, event } of [
      ...allFixtures.map((f) => ({ label: f.name, event: f.event })),
      ...emulatorEvents(),
    ]) {
      expect(has(event, "multiValueHeaders"), label).toBe(false);
      expect(has(event, "multiValueQueryStringParameters"), label).toBe(false);
    }
  });

  it("drops the hop-by-hop Connection header, as AWS did for HTTPie's and Postman's Connection: keep-alive (powertools-ts-apigw-http-jwt-authorizer-auth.json, aws-lambda-dotnet-encode-space-in-resource-path-httpapi-v2.json)", () => {
    // HTTPie (python-requests) and PostmanRuntime (node:http) send `Connection: keep-alive` on every
    // HTTP/1.1 request; the events AWS built from them have every other header those clients send, but not it.
    for (const [fixtureName, client] of [
      ["powertools-ts-apigw-http-jwt-authorizer-auth.json", "HTTPie/"],
      ["aws-lambda-dotnet-encode-space-in-resource-path-httpapi-v2.json", "PostmanRuntime/"],
    ] as const) {
      const { event } = fixtureNamed(fixtureName);
      expect(String(headersOf(event)["user-agent"]), fixtureName).toContain(client);
      expect(keysAt(event, "headers"), fixtureName).toEqual(
        expect.arrayContaining(["accept", "accept-encoding"]),
      );
      expect(keysAt(event, "headers"), fixtureName).not.toContain("connection");
    }
    expect(keysAt(eventOf("keepAlive"), "headers"), probes.keepAlive.title).not.toContain("connection");
  });
});

describe("the shape of AWS's events", () => {
  const unionOfKeys = (path?: string) =>
    [...new Set(allFixtures.flatMap((fixture) => keysAt(fixture.event, path)))].sort();
  const commonKeys = (path?: string) =>
    keysAt(capturedFixtures[0]?.event, path).filter((key) =>
      capturedFixtures.every((fixture) => keysAt(fixture.event, path).includes(key)),
    );

  it("gives every field a type AWS's fixtures give it: strings for headers, parameters, cookies, claims and body, a number for timeEpoch…", () => {
    const awsLeaves = new Set(allFixtures.flatMap((fixture) => leavesOf(shapeOf(fixture.event))));
    for (const { label, event } of emulatorEvents()) {
      const unknown = leavesOf(shapeOf(event)).filter((leaf) => !awsLeaves.has(leaf));
      expect(unknown, `${label}: fields no fixture has with that type`).toEqual([]);
    }
  });

  it(`uses only top-level keys the fixtures use (${unionOfKeys().join(", ")})`, () => {
    for (const { label, event } of emulatorEvents()) {
      expect(unionOfKeys(), label).toEqual(expect.arrayContaining(keysAt(event)));
    }
  });

  it("uses only requestContext keys the fixtures use, without authentication (mutual TLS only)", () => {
    const allowed = unionOfKeys("requestContext").filter((key) => key !== "authentication");
    for (const { label, event } of emulatorEvents()) {
      expect(allowed, label).toEqual(expect.arrayContaining(keysAt(event, "requestContext")));
    }
  });

  it(`always has the keys every captured event has: ${commonKeys().join(", ")} and requestContext's ${commonKeys("requestContext").join(", ")}`, () => {
    for (const { label, event } of emulatorEvents()) {
      expect(keysAt(event), label).toEqual(expect.arrayContaining(commonKeys()));
      expect(keysAt(event, "requestContext"), label).toEqual(
        expect.arrayContaining(commonKeys("requestContext")),
      );
    }
  });

  it("gives requestContext.http exactly the keys of every captured event", () => {
    const awsKeys = keysAt(capturedFixtures[0]?.event, "requestContext.http");
    expect(awsKeys).toEqual(["method", "path", "protocol", "sourceIp", "userAgent"]);
    holdsForAwsThenEmulator((event, label) =>
      expect(keysAt(event, "requestContext.http"), label).toEqual(awsKeys),
    );
  });

  it("gives the JWT authorizer block on a route without scopes the shape of powertools-ts-apigw-http-jwt-authorizer-auth.json: string claims, scopes null", () => {
    const aws = at(
      shapeOf(fixtureNamed("powertools-ts-apigw-http-jwt-authorizer-auth.json").event),
      "requestContext.authorizer",
    );
    expect(aws).toEqual({ jwt: { claims: { "*": "string" }, scopes: "null" } });
    expect(at(shapeOf(eventOf("httpieJwt")), "requestContext.authorizer")).toEqual(aws);
  });

  it("gives the JWT authorizer block on a route with scopes the shape of aws-lambda-go-apigw-v2-request-jwt-authorizer.json: string claims, a list of scopes", () => {
    const aws = at(
      shapeOf(fixtureNamed("aws-lambda-go-apigw-v2-request-jwt-authorizer.json").event),
      "requestContext.authorizer",
    );
    expect(aws).toEqual({ jwt: { claims: { "*": "string" }, scopes: ["string"] } });
    expect(at(shapeOf(eventOf("scoped")), "requestContext.authorizer")).toEqual(aws);
  });
});

/** What the request alone decides, stage prefix aside: comparable value for value with AWS's event. */
const derivedFromRequest = (event: JsonObject, stagePrefix: string) => ({
  routeKey: at(event, "routeKey"),
  rawPath: (at(event, "rawPath") as string).slice(stagePrefix.length) || "/",
  rawQueryString: at(event, "rawQueryString"),
  queryStringParameters: at(event, "queryStringParameters"),
  pathParameters: at(event, "pathParameters"),
  cookies: at(event, "cookies"),
  body: at(event, "body"),
  isBase64Encoded: at(event, "isBase64Encoded"),
  method: at(event, "requestContext.http.method"),
});

for (const [id, fixtureName] of Object.entries(replays) as [keyof typeof replays, string][]) {
  describe(`replaying the request behind ${fixtureName}`, () => {
    const aws = () => without(fixtureNamed(fixtureName).event, mutualTlsOnly);

    it("builds an event of the captured event's exact shape (mutual TLS's authentication block aside)", () => {
      expect(shapeOf(eventOf(id))).toEqual(shapeOf(aws()));
    });

    it("forwards the same header names as AWS did", () => {
      expect(keysAt(eventOf(id), "headers")).toEqual(keysAt(aws(), "headers"));
    });

    it("derives the same route key, path, parameters, cookies and body from it as AWS did", () => {
      expect(derivedFromRequest(eventOf(id), `/${stage}`)).toEqual(derivedFromRequest(aws(), ""));
    });
  });
}

describe("what the function receives for each kind of request", () => {
  it("gets a GET without body or query string with an empty rawQueryString and content-length 0", () => {
    const event = eventOf("plainGet");
    expect(at(event, "rawQueryString")).toBe("");
    expect(at(event, "pathParameters")).toEqual({ id: "42" });
    expect(headersOf(event)["content-length"]).toBe("0");
  });

  it("decodes the query string: repeated keys joined by a comma, + a space, %2B a +, empty values kept, %20 a space (AWS-FACTS §1.2)", () => {
    const event = eventOf("query");
    expect(at(event, "rawQueryString")).toBe(probes.query.target.split("?")[1]);
    expect(at(event, "queryStringParameters")).toEqual({
      tag: "a,b",
      plus: "a b",
      encodedPlus: "a+b",
      empty: "",
      "first name": "red shoe",
    });
  });

  it.each([
    ["typed application/json", "json"],
    ["typed text/plain", "text"],
  ] as const)("gets a body %s as the UTF-8 text sent, not base64", (_, id) => {
    const event = eventOf(id);
    expect(at(event, "isBase64Encoded")).toBe(false);
    expect(at(event, "body")).toBe(probes[id].body.toString("utf8"));
  });

  it.each([
    ["typed application/octet-stream", "binary"],
    ["without a Content-Type", "noContentType"],
    ["typed application/x-www-form-urlencoded", "form"],
    ["typed multipart/form-data", "multipart"],
  ] as const)("gets a body %s base64-encoded, decoding to the exact bytes sent (AWS-FACTS §1.4)", (_, id) => {
    const event = eventOf(id);
    expect(at(event, "isBase64Encoded")).toBe(true);
    expect(at(event, "body")).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
    expect(decoded(event).equals(probes[id].body)).toBe(true);
  });

  it("gets the pairs of one Cookie header as cookies, one name=value per element", () => {
    expect(at(eventOf("oneCookie"), "cookies")).toEqual(["session=abc123", "theme=dark"]);
  });

  it("gets the pairs of several Cookie headers as one cookies list, in order", () => {
    expect(at(eventOf("severalCookies"), "cookies")).toEqual(["a=1", "b=2", "c=3"]);
    expect(keysAt(eventOf("severalCookies"), "headers")).not.toContain("cookie");
  });

  it("gets a header sent twice as one lower-cased header, its values joined by a comma without a space", () => {
    const headers = headersOf(eventOf("duplicateHeader"));
    expect(headers["x-probe"]).toBe("a,b");
    expect(headers["x-mixed-case"]).toBe("Value");
  });

  it("gets %20 in the path decoded in rawPath, http.path and the path parameter (aws-lambda-dotnet-encode-space-in-resource-path-httpapi-v2.json)", () => {
    const event = eventOf("encodedSpace");
    expect(at(event, "rawPath")).toBe(`/${stage}/items/file name.xml`);
    expect(at(event, "requestContext.http.path")).toBe(`/${stage}/items/file name.xml`);
    expect(at(event, "pathParameters")).toEqual({ id: "file name.xml" });
  });

  it("gets the rest of the path, slashes included and without the leading one, as a greedy route's variable", () => {
    const event = eventOf("greedy");
    expect(at(event, "routeKey")).toBe("ANY /{proxy+}");
    expect(at(event, "pathParameters")).toEqual({ proxy: "files/reports/2026/q1.csv" });
  });

  it("gets the JWT claims as strings (numbers, booleans, arrays as [a b]) and scopes null on a route without scopes (AWS-FACTS §4.1)", () => {
    expect(at(eventOf("httpieJwt"), "requestContext.authorizer")).toEqual({
      jwt: {
        claims: {
          iss: issuer.issuer,
          aud: issuer.audience,
          sub: "d2f50444-0041-7036-aea2-a955fca33d37",
          token_use: "id",
          auth_time: String(signedAt - 60),
          iat: String(signedAt),
          exp: String(signedAt + 600),
          email_verified: "true",
          "cognito:groups": "[admin editors]",
          scope: "reports/read",
        },
        scopes: null,
      },
    });
  });

  it("gets the token's scopes as a list on a route with authorization scopes", () => {
    const jwt = at(eventOf("scoped"), "requestContext.authorizer.jwt");
    expect(at(jwt, "scopes")).toEqual(["reports/read", "reports/write"]);
    expect(at(jwt, "claims.sub")).toBe("alice");
  });

  it("gets the User-Agent as requestContext.http.userAgent, and an empty one when the request has none", () => {
    expect(at(eventOf("plainGet"), "requestContext.http.userAgent")).toBe("curl/8.7.1");
    const anonymous = eventOf("noUserAgent");
    expect(at(anonymous, "requestContext.http.userAgent")).toBe("");
    expect(keysAt(anonymous, "headers")).not.toContain("user-agent");
  });
});
