/** `GET /<collection>`: a page `{items, nextCursor}`, newest first, with `?limit=`, `?cursor=` and filters. */
import * as z from "zod/mini";
import { type AnyEntity, type ScalarKind, scalarKindOf } from "../../../model/index.js";
import { type FieldError, ValidationProblem } from "../../http/problems.js";
import { type HttpResponse, jsonResponse } from "../../http/response.js";
import { defaultPageSize, maxPageSize } from "../../limits.js";
import { listItems } from "../../store/index.js";
import { type OperationContext, parentIds } from "../context.js";
import { fieldMessages, issueMessage } from "../field-messages.js";

const parseOptions = { error: issueMessage } as const;

function pageSize(raw: string | undefined, errors: FieldError[]): number {
  if (raw === undefined) return defaultPageSize;
  const limit = /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= maxPageSize)) {
    errors.push({ path: "limit", message: fieldMessages.integerRange(1, maxPageSize) });
  }
  return limit;
}

/** A decimal number as JSON spells it: what `?field=` takes for a number field. */
const decimal = /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,15})?$/;

/** A query value read as the field's kind, or `undefined` when it is not one. */
function filterValue(kind: ScalarKind, raw: string): string | number | boolean | undefined {
  if (kind === "boolean") return raw === "true" ? true : raw === "false" ? false : undefined;
  if (kind === "number") return decimal.test(raw) ? Number(raw) : undefined;
  return raw;
}

const kindMessages: Readonly<Record<ScalarKind, string | undefined>> = {
  boolean: fieldMessages.booleanQuery,
  number: fieldMessages.numberQuery,
  string: undefined,
};

/**
 * `?field=value` for one filterable field: read as the field's kind, then checked by its schema
 * (an enum's values, a number's range), so a filter never asks an index for what no item can hold.
 */
function filterOf(entity: AnyEntity, query: Readonly<Record<string, string>>, errors: FieldError[]) {
  const named = entity.filters.filter((name) => query[name] !== undefined);
  if (named.length > 1) {
    errors.push({ path: named[1] as string, message: fieldMessages.oneFilter(entity.filters) });
    return undefined;
  }
  const field = entity.fields.find((candidate) => candidate.name === named[0]);
  if (field === undefined) return undefined;
  const raw = query[field.name] as string;
  const kind = scalarKindOf(field.schema) as ScalarKind;
  const value = filterValue(kind, raw);
  const checked = value === undefined ? undefined : z.safeParse(field.patchSchema, value, parseOptions);
  if (checked?.success === true && value !== undefined) return { field: field.name, value };
  const message =
    (value === undefined ? kindMessages[kind] : undefined) ??
    checked?.error?.issues[0]?.message ??
    fieldMessages.booleanQuery;
  errors.push({ path: field.name, message });
  return undefined;
}

export async function list(context: OperationContext): Promise<HttpResponse> {
  const { query } = context.request;
  const errors: FieldError[] = [];
  const limit = pageSize(query.limit, errors);
  const filter = filterOf(context.entity, query, errors);
  if (errors.length > 0) throw new ValidationProblem(errors);
  const page = await listItems(context.store, context.entity, {
    parentIds: parentIds(context),
    limit,
    ...(filter === undefined ? {} : { filter }),
    caller: context.principal.subject,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  });
  return jsonResponse(200, page);
}
