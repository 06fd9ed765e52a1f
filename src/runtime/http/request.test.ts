import { describe, expect, it } from "vitest";
import { awsEvent } from "../../../test/fixtures/aws-events.js";
import { type HttpApiEvent, parseRequest } from "./request.js";

const fixture = (name: string) => awsEvent(name) as HttpApiEvent;

describe("parseRequest", () => {
  it("reads a captured JWT-authorized event: method, request id, principal and its scopes", () => {
    const request = parseRequest(fixture("powertools-ts-apigw-http-jwt-authorizer-auth.json"));
    expect(request.method).toBe("POST");
    expect(request.requestId).toMatch(/^.{15}=$/);
    expect(request.principal?.subject).toBeTypeOf("string");
    expect(request.body).toBeUndefined();
  });

  it("decodes a base64 body to the exact bytes", () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const request = parseRequest({ body: bytes.toString("base64"), isBase64Encoded: true });
    expect(request.body).toEqual(bytes);
  });

  it("keeps a text body as UTF-8", () => {
    expect(parseRequest({ body: '{"bio":"héllo ☕"}', isBase64Encoded: false }).body?.toString("utf8")).toBe(
      '{"bio":"héllo ☕"}',
    );
  });

  it("lower-cases header names of hand-made events, as API Gateway does", () => {
    expect(parseRequest({ headers: { "If-Match": '"1"' } }).headers).toEqual({ "if-match": '"1"' });
  });

  it("has no principal without a JWT authorizer", () => {
    expect(parseRequest(fixture("aws-lambda-go-apigw-v2-request-iam.json")).principal).toBeUndefined();
  });
});
