/**
 * `POST …/{slot}`: an upload ticket (a presigned S3 POST) for a new key under the item, chosen here.
 * Nothing is recorded yet: the recorder records the file once S3 reports the object.
 */
import { maxFilesOf, renderFileKey } from "../../../../model/index.js";
import { uploadTicket } from "../../../files/upload-ticket.js";
import { readJsonBody } from "../../../http/body.js";
import { type HttpResponse, jsonResponse } from "../../../http/response.js";
import { FileSlotFullError, getItem } from "../../../store/index.js";
import type { OperationContext } from "../../context.js";
import { fileRouteOf } from "./file-route.js";
import { requestedContentType } from "./ticket-request.js";

export async function upload(context: OperationContext): Promise<HttpResponse> {
  const { route, slot, bucket } = fileRouteOf(context);
  const contentType = requestedContentType(readJsonBody(context.request), slot);
  // The item must exist, and a list must have room (the recorder checks again: two tickets may race).
  const { item } = await getItem(context.store, context.entity, context.ids);
  const held = item[route.slot];
  if (slot.multiple && Array.isArray(held) && held.length >= maxFilesOf(slot)) {
    throw new FileSlotFullError(route.slot, maxFilesOf(slot));
  }
  const key = renderFileKey(context.entity, route.slot, context.ids, context.store.newId());
  return jsonResponse(200, await uploadTicket(bucket, { key, contentType, maxBytes: slot.maxBytes }));
}
