/** A dependency that throws while it loads, as a client built at import time from a bad setting would. */
function connect(): never {
  throw new Error("the dependency could not start");
}

export const connection: unknown = connect();
