/** `GET /<collection>/{id}`: 200 with `ETag`, or 304 when `If-None-Match` holds the current tag. */
import { etagOf, ifNoneMatchMatches } from "../../http/etag.js";
import { emptyResponse, type HttpResponse, jsonResponse } from "../../http/response.js";
import { getItem } from "../../store/index.js";
import type { OperationContext } from "../context.js";

export async function read(context: OperationContext): Promise<HttpResponse> {
  const { item, revision } = await getItem(context.store, context.entity, context.ids);
  const etag = etagOf(revision);
  if (ifNoneMatchMatches(context.request.headers["if-none-match"], revision)) {
    return emptyResponse(304, { etag });
  }
  return jsonResponse(200, item, { etag });
}
