/** Whose data a route reaches, as the OpenAPI document words its access and its 403. */
import type { AnyEntity } from "../model/index.js";

/**
 * Who owns a route's data: the caller whose `sub` is a path parameter, or (a creator-owned entity)
 * the caller who created it, whose `sub` is in the item's key and never in the path.
 */
export type OwnerRef = { readonly pathParam: string } | { readonly creator: string };

export function ownerRefOf(entity: AnyEntity): OwnerRef {
  return entity.creator === undefined ? { pathParam: entity.ownerParam } : { creator: entity.creator };
}
