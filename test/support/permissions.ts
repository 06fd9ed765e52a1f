/**
 * The IAM actions a store's DynamoDB traffic needs, as AWS authorizes it: each command by its own
 * action on the table, a Query on an index by that index, and a transaction by the action of each
 * of its items (IAM has no TransactWriteItems action). Read from what the client really sends, so
 * the permissions describeApp grants can be checked against it (DESIGN.md: proven, not guessed).
 */
import type { Permissions } from "portico/model";
import type { Store } from "portico/runtime";

/** `"dynamodb:Query on index/GSI1"`: one action on one resource, readable in a failure's diff. */
export type Grant = string;

const transactItemActions: Readonly<Record<string, string>> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};

interface SentInput {
  readonly IndexName?: string;
  readonly TransactItems?: readonly Record<string, unknown>[];
}

/** The grants one command needs; `command` is the SDK's command name (`QueryCommand`). */
export function grantsNeeded(command: string, input: SentInput): Grant[] {
  const name = command.replace(/Command$/, "");
  if (name === "TransactWriteItems") {
    return (input.TransactItems ?? []).flatMap((item) =>
      Object.keys(item).map((kind) => `${transactItemActions[kind] ?? `dynamodb:?${kind}`} on table`),
    );
  }
  return [`dynamodb:${name} on ${input.IndexName === undefined ? "table" : `index/${input.IndexName}`}`];
}

/** Every grant a function's permissions hold. */
export function grantsOf(permissions: Permissions): Grant[] {
  return permissions.dynamodb.flatMap(({ resource, actions }) =>
    actions.map((action) => `${action} on ${resource}`),
  );
}

/** Records the grants each command the store sends needs; `take()` returns them and starts afresh. */
export function recordGrants(store: Store): { take(): Grant[] } {
  let sent: Grant[] = [];
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(...grantsNeeded(context.commandName ?? "unknown", args.input as SentInput));
      return next(args);
    },
    { step: "initialize", name: "recordIamGrants" },
  );
  return {
    take() {
      const taken = sent;
      sent = [];
      return taken;
    },
  };
}

/** The grants `needed` holds that `permissions` do not: what a function sent without being allowed to. */
export function ungranted(needed: readonly Grant[], permissions: Permissions): Grant[] {
  const granted = new Set(grantsOf(permissions));
  return [...new Set(needed)].filter((grant) => !granted.has(grant));
}

/** The grants `permissions` hold that nothing in `needed` used: more than the function needs. */
export function unused(needed: readonly Grant[], permissions: Permissions): Grant[] {
  const used = new Set(needed);
  return grantsOf(permissions).filter((grant) => !used.has(grant));
}
