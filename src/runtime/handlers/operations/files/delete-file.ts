/** `DELETE …/{slot}` of a single-file slot: 204 once the item no longer names the file and the object is gone. */

import { deleteObjects } from "../../../files/objects.js";
import { emptyResponse, type HttpResponse } from "../../../http/response.js";
import { removeFile } from "../../../store/index.js";
import type { OperationContext } from "../../context.js";
import { fileRouteOf } from "./file-route.js";

export async function deleteFile(context: OperationContext): Promise<HttpResponse> {
  const { route, bucket } = fileRouteOf(context);
  const key = await removeFile(context.store, context.entity, context.ids, route.slot);
  await deleteObjects(bucket, [key]);
  return emptyResponse(204);
}
