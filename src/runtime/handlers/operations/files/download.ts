/** `GET …/{slot}` of a single-file slot: a 302 to a presigned GET of the file, 404 when there is none. */

import { downloadUrl } from "../../../files/download-url.js";
import { emptyResponse, type HttpResponse } from "../../../http/response.js";
import { FileNotFoundError, getItem } from "../../../store/index.js";
import type { OperationContext } from "../../context.js";
import { fileRouteOf } from "./file-route.js";

export async function download(context: OperationContext): Promise<HttpResponse> {
  const { route, bucket } = fileRouteOf(context);
  const { item } = await getItem(context.store, context.entity, context.ids);
  const key = (item[route.slot] as { key?: unknown } | null | undefined)?.key;
  if (typeof key !== "string") throw new FileNotFoundError(route.slot);
  return emptyResponse(302, { location: await downloadUrl(bucket, key) });
}
