/** `POST /<collection>`: 201 with `Location` and `ETag`; honours `Idempotency-Key` where the entity does. */
import { createHash } from "node:crypto";
import { readJsonBody } from "../../http/body.js";
import { etagOf } from "../../http/etag.js";
import { ValidationProblem } from "../../http/problems.js";
import { type HttpResponse, jsonResponse } from "../../http/response.js";
import { isVisibleAscii } from "../../http/visible-ascii.js";
import { maxIdempotencyKeyLength } from "../../limits.js";
import { createItem } from "../../store/index.js";
import { itemLocation, type OperationContext, parentIds } from "../context.js";
import { fieldMessages } from "../field-messages.js";
import { validateBody } from "../validation.js";

/** JSON with sorted keys, so the same body in another key order is the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function idempotencyOf(context: OperationContext, body: Record<string, unknown>) {
  const key = context.request.headers["idempotency-key"];
  if (!context.entity.idempotentCreate || key === undefined) return undefined;
  if (!isVisibleAscii(key, maxIdempotencyKeyLength)) {
    throw new ValidationProblem([
      { path: "Idempotency-Key", message: fieldMessages.visibleAscii(maxIdempotencyKeyLength) },
    ]);
  }
  const fingerprint = createHash("sha256")
    .update(context.route.routeKey)
    .update("\n")
    .update(JSON.stringify(parentIds(context)))
    .update("\n")
    .update(canonicalJson(body))
    .digest("base64url");
  return { key, fingerprint };
}

export async function create(context: OperationContext): Promise<HttpResponse> {
  const body = readJsonBody(context.request);
  const data = validateBody(context.entity, body, "create");
  const idempotency = idempotencyOf(context, body);
  const { item, revision, replayed } = await createItem(context.store, context.entity, {
    parentIds: parentIds(context),
    ownerId: context.principal.subject,
    data,
    ...(idempotency === undefined ? {} : { idempotency }),
  });
  return jsonResponse(201, item, {
    location: itemLocation(context, item as Record<string, string>),
    etag: etagOf(revision),
    ...(replayed ? { "idempotent-replayed": "true" } : {}),
  });
}
