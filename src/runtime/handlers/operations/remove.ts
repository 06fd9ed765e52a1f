/** `DELETE /<collection>/{id}`: 204; also removes what the item owns (an account's notes, their files). */
import { descendantsOf } from "../../../model/index.js";
import { deleteObjects } from "../../files/objects.js";
import { ifMatchCondition } from "../../http/etag.js";
import { emptyResponse, type HttpResponse } from "../../http/response.js";
import { deleteItem } from "../../store/index.js";
import type { OperationContext } from "../context.js";

export async function remove(context: OperationContext): Promise<HttpResponse> {
  const ifMatch = ifMatchCondition(context.request.headers["if-match"]);
  const { fileKeys } = await deleteItem(context.store, context.entity, {
    ids: context.ids,
    descendants: descendantsOf(context.app.entities, context.entity),
    ...(ifMatch === undefined ? {} : { ifMatch }),
  });
  // After the items: a file whose item is gone is unreachable, and an upload that lands later finds
  // no item, so the recorder deletes it.
  if (fileKeys.length > 0) {
    if (context.bucket === undefined)
      throw new TypeError("A delete of an item with files needs the files bucket.");
    await deleteObjects(context.bucket, fileKeys);
  }
  return emptyResponse(204);
}
