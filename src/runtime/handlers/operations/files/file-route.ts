/** What every file operation reads from its context: the route, its slot and the bucket. */
import type { FileRoute, FileSlot } from "../../../../model/index.js";
import type { FileBucket } from "../../../files/bucket.js";
import type { OperationContext } from "../../context.js";

export function fileRouteOf(context: OperationContext): {
  route: FileRoute;
  slot: FileSlot;
  bucket: FileBucket;
} {
  const { route, bucket } = context;
  if (route.kind !== "file" || bucket === undefined) {
    throw new TypeError(`Route "${route.routeKey}" is no file route with a bucket.`);
  }
  return { route, slot: context.entity.files[route.slot] as FileSlot, bucket };
}
