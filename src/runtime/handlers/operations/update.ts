/**
 * `PUT` (full replace of the writable fields) and `PATCH` (JSON Merge Patch, RFC 7396): 200 with
 * the new `ETag`; `If-Match` makes the write conditional (412 when stale).
 */

import { readJsonBody } from "../../http/body.js";
import { etagOf, ifMatchCondition } from "../../http/etag.js";
import { type HttpResponse, jsonResponse } from "../../http/response.js";
import { updateItem } from "../../store/index.js";
import type { OperationContext } from "../context.js";
import { validateBody } from "../validation.js";

function update(mode: "replace" | "patch") {
  return async (context: OperationContext): Promise<HttpResponse> => {
    const changes = validateBody(context.entity, readJsonBody(context.request), mode);
    const ifMatch = ifMatchCondition(context.request.headers["if-match"]);
    const { item, revision } = await updateItem(context.store, context.entity, {
      ids: context.ids,
      mode,
      changes,
      ...(ifMatch === undefined ? {} : { ifMatch }),
    });
    return jsonResponse(200, item, { etag: etagOf(revision) });
  };
}

export const replace = update("replace");
export const patch = update("patch");
