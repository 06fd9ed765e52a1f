import { describe, expect, it } from "vitest";
import { ApiProblem, etagOf, parseS3Error, UploadRefused, unwrap, uploadWithTicket } from "./index.js";

const ticket = {
  url: "http://127.0.0.1:1/bucket",
  fields: { key: "k" },
  key: "k",
  expiresAt: "",
  maxBytes: 4,
};

describe("unwrap", () => {
  it("returns the data of a success", () => {
    expect(unwrap({ data: { id: "a" }, response: new Response("{}", { status: 200 }) })).toEqual({ id: "a" });
  });

  it("throws a problem with its members, extensions included", () => {
    const error = {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "1 field",
      errors: [{ path: "/a" }],
    };
    const thrown = catchOf(() => unwrap({ error, response: new Response("", { status: 400 }) }));
    expect(thrown).toBeInstanceOf(ApiProblem);
    expect(thrown).toMatchObject({
      status: 400,
      title: "Bad Request",
      detail: "1 field",
      type: "about:blank",
    });
    expect((thrown as ApiProblem).errors).toEqual([{ path: "/a" }]);
  });

  it("titles the gateway's {message} form and a non-JSON body without crashing", () => {
    const gateway = catchOf(() =>
      unwrap({ error: { message: "Forbidden" }, response: new Response("", { status: 403 }) }),
    );
    expect(gateway).toMatchObject({ status: 403, title: "Forbidden" });
    const html = catchOf(() =>
      unwrap({
        error: "<html>oops</html>",
        response: new Response("", { status: 502, statusText: "Bad Gateway" }),
      }),
    );
    expect(html).toMatchObject({ status: 502, title: "Bad Gateway", detail: "<html>oops</html>" });
    const empty = catchOf(() => unwrap({ error: undefined, response: new Response(null, { status: 500 }) }));
    expect(empty).toMatchObject({ status: 500, title: "HTTP 500" });
  });

  it("never lets a body overwrite status or message", () => {
    const thrown = catchOf(() =>
      unwrap({
        error: { status: "x", message: "y", title: "T" },
        response: new Response("", { status: 409 }),
      }),
    );
    expect(thrown).toMatchObject({ status: 409, title: "T", message: "409 T" });
  });
});

describe("etagOf", () => {
  it("reads the ETag header", () => {
    expect(etagOf(new Response("", { headers: { ETag: '"v1"' } }))).toBe('"v1"');
    expect(etagOf(new Response(""))).toBeUndefined();
  });
});

describe("parseS3Error", () => {
  it("reads S3's Code and Message", () => {
    const xml = `<?xml version="1.0"?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size &amp; more</Message></Error>`;
    expect(parseS3Error(xml)).toEqual({
      code: "EntityTooLarge",
      message: "Your proposed upload exceeds the maximum allowed size & more",
    });
    expect(parseS3Error("not xml")).toEqual({});
  });
});

describe("uploadWithTicket", () => {
  it("refuses a file over maxBytes before sending", async () => {
    let sent = false;
    const refused = await uploadWithTicket(ticket, new Blob(["12345"]), {
      fetch: async () => {
        sent = true;
        return new Response(null, { status: 204 });
      },
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UploadRefused);
    expect(refused).toMatchObject({ status: 0, code: "EntityTooLarge" });
    expect(sent).toBe(false);
  });

  it("sends the fields first and the file last", async () => {
    let form = new FormData();
    await uploadWithTicket(ticket, new Blob(["1234"]), {
      fileName: "a.png",
      fetch: async (_url, init) => {
        form = init?.body as FormData;
        return new Response(null, { status: 204 });
      },
    });
    expect([...form.keys()]).toEqual(["key", "file"]);
    expect((form.get("file") as File).name).toBe("a.png");
  });
});

function catchOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
