/** `DELETE /<collection>/{id}`: 204; also removes what the item owns (a user's todos). */
import type { AnyEntity } from "../../../model/index.js";
import { ifMatchCondition } from "../../http/etag.js";
import { emptyResponse, type HttpResponse } from "../../http/response.js";
import { deleteItem } from "../../store/index.js";
import type { OperationContext } from "../context.js";

function descendantsOf(entities: readonly AnyEntity[], ancestor: AnyEntity): AnyEntity[] {
  return entities.filter((entity) => {
    for (let parent = entity.parent; parent !== undefined; parent = parent.parent)
      if (parent === ancestor) return true;
    return false;
  });
}

export async function remove(context: OperationContext): Promise<HttpResponse> {
  const ifMatch = ifMatchCondition(context.request.headers["if-match"]);
  await deleteItem(context.store, context.entity, {
    ids: context.ids,
    descendants: descendantsOf(context.app.entities, context.entity),
    ...(ifMatch === undefined ? {} : { ifMatch }),
  });
  return emptyResponse(204);
}
