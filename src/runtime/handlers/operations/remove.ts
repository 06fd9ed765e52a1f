/** `DELETE /<collection>/{id}`: 204; also removes what the item owns (a user's todos). */
import { descendantsOf } from "../../../model/index.js";
import { ifMatchCondition } from "../../http/etag.js";
import { emptyResponse, type HttpResponse } from "../../http/response.js";
import { deleteItem } from "../../store/index.js";
import type { OperationContext } from "../context.js";

export async function remove(context: OperationContext): Promise<HttpResponse> {
  const ifMatch = ifMatchCondition(context.request.headers["if-match"]);
  await deleteItem(context.store, context.entity, {
    ids: context.ids,
    descendants: descendantsOf(context.app.entities, context.entity),
    ...(ifMatch === undefined ? {} : { ifMatch }),
  });
  return emptyResponse(204);
}
