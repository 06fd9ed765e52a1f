/**
 * The typed client (`portico/client` over the generated `app/client/schema.ts`) against the whole
 * local stack over real HTTP: the gateway, DynamoDB Local, the embedded S3 and its front.
 */
import { describe, expect, it } from "vitest";
import type { paths } from "../../app/client/schema.js";
import {
  ApiProblem,
  createApiClient,
  etagOf,
  UploadRefused,
  unwrap,
  uploadWithTicket,
} from "../../src/client/index.js";
import { localTokenPath } from "../../src/runtime/index.js";
import { unique, userBody } from "../http/users-helpers.js";
import { pngBytes } from "../support/uploads.js";
import { eventually, useLocalStack } from "./local-stack.js";

const stack = useLocalStack();
const me = { params: { path: { userId: "me" } } };

async function clientFor(sub: string) {
  const server = stack().server;
  const reply = await fetch(`${server.url}${localTokenPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub }),
  });
  const { access_token } = (await reply.json()) as { access_token: string };
  return createApiClient<paths>({ baseUrl: server.apiUrl, token: () => access_token });
}

describe("the typed client", () => {
  it("creates a user, reads it with its ETag, and refuses a stale If-Match as a 412 ApiProblem", async () => {
    const api = await clientFor(unique("typed"));
    const created = unwrap(await api.POST("/users", { body: userBody({ firstName: "Grace" }) }));
    expect(created.firstName).toBe("Grace");

    const read = await api.GET("/users/{userId}", me);
    const etag = etagOf(read.response);
    expect(unwrap(read).version).toBe(created.version);
    expect(etag).toMatch(/^"/);

    const patched = await api.PATCH("/users/{userId}", {
      ...me,
      params: { ...me.params, header: { "If-Match": etag as string } },
      body: { lastName: "Hopper" },
    });
    expect(unwrap(patched).lastName).toBe("Hopper");

    const stale = await api.PATCH("/users/{userId}", {
      ...me,
      params: { ...me.params, header: { "If-Match": etag as string } },
      body: { lastName: "Again" },
    });
    const problem = (() => {
      try {
        unwrap(stale);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(problem).toBeInstanceOf(ApiProblem);
    expect(problem).toMatchObject({ status: 412, title: expect.any(String) });
  });

  it("uploads an avatar with the ticket straight to the embedded S3, and the user records it", async () => {
    const api = await clientFor(unique("typed-avatar"));
    unwrap(await api.POST("/users", { body: userBody() }));
    const ticket = unwrap(
      await api.POST("/users/{userId}/avatar", { ...me, body: { contentType: "image/png" } }),
    );
    await uploadWithTicket(ticket, new Blob([pngBytes(2048)], { type: "image/png" }), { fileName: "me.png" });
    const user = await eventually(
      async () => unwrap(await api.GET("/users/{userId}", me)),
      (read) => read.avatar?.key === ticket.key,
    );
    expect(user.avatar).toMatchObject({ key: ticket.key, contentType: "image/png", size: 2048 });
  });

  it("refuses an over-size file before sending it, and parses the S3 front's own EntityTooLarge", async () => {
    const api = await clientFor(unique("typed-large"));
    unwrap(await api.POST("/users", { body: userBody() }));
    const ticket = unwrap(
      await api.POST("/users/{userId}/avatar", { ...me, body: { contentType: "image/png" } }),
    );
    const tooBig = new Blob([pngBytes(ticket.maxBytes + 1)], { type: "image/png" });
    let sent = false;
    const early = await uploadWithTicket(ticket, tooBig, {
      fetch: (...args) => {
        sent = true;
        return fetch(...args);
      },
    }).catch((error: unknown) => error);
    expect(early).toBeInstanceOf(UploadRefused);
    expect(early).toMatchObject({ status: 0, code: "EntityTooLarge" });
    expect(sent).toBe(false);

    // A client that lies to itself about the limit: S3's policy still holds.
    const forged = { ...ticket, maxBytes: ticket.maxBytes * 2 };
    const refused = await uploadWithTicket(forged, tooBig).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UploadRefused);
    expect(refused).toMatchObject({ status: 400, code: "EntityTooLarge" });
  });

  it("only compiles with the API's own paths and fields", async () => {
    const api = await clientFor(unique("typed-types"));
    // @ts-expect-error: no such path in the API
    await api.GET("/userz/{userId}", me);
    // @ts-expect-error: a first name is a string
    await api.PATCH("/users/{userId}", { ...me, body: { firstName: 42 } });
  });
});
