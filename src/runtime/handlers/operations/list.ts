/** `GET /<collection>`: a page `{items, nextCursor}`, newest first, with `?limit=`, `?cursor=` and filters. */
import * as z from "zod/mini";
import type { AnyEntity } from "../../../model/index.js";
import { type FieldError, ValidationProblem } from "../../http/problems.js";
import { type HttpResponse, jsonResponse } from "../../http/response.js";
import { defaultPageSize, maxPageSize } from "../../limits.js";
import { listItems } from "../../store/index.js";
import { type OperationContext, parentIds } from "../context.js";
import { fieldMessages } from "../field-messages.js";

function pageSize(raw: string | undefined, errors: FieldError[]): number {
  if (raw === undefined) return defaultPageSize;
  const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= maxPageSize)) {
    errors.push({ path: "limit", message: fieldMessages.integerRange(1, maxPageSize) });
  }
  return limit;
}

/** `?field=value` for each filterable field; booleans must be `true` or `false`. */
function filtersOf(entity: AnyEntity, query: Readonly<Record<string, string>>, errors: FieldError[]) {
  const filters: Record<string, unknown> = {};
  for (const name of entity.filters) {
    const raw = query[name];
    if (raw === undefined) continue;
    const field = entity.fields.find((candidate) => candidate.name === name);
    const isBoolean = field !== undefined && z.safeParse(field.schema, true).success;
    if (!isBoolean) filters[name] = raw;
    else if (raw === "true" || raw === "false") filters[name] = raw === "true";
    else errors.push({ path: name, message: fieldMessages.booleanQuery });
  }
  return filters;
}

export async function list(context: OperationContext): Promise<HttpResponse> {
  const { query } = context.request;
  const errors: FieldError[] = [];
  const limit = pageSize(query.limit, errors);
  const filters = filtersOf(context.entity, query, errors);
  if (errors.length > 0) throw new ValidationProblem(errors);
  const page = await listItems(context.store, context.entity, {
    parentIds: parentIds(context),
    limit,
    filters,
    caller: context.principal.subject,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return jsonResponse(200, page);
}
