import { describe, expect, it } from "vitest";
import { type StoreOperation, storeOperationCommands } from "../../../model/index.js";
import * as create from "./create.js";
import * as remove from "./delete.js";
import * as files from "./files.js";
import * as get from "./get.js";
import * as list from "./list.js";
import * as update from "./update.js";

const declared: Record<StoreOperation, readonly string[]> = {
  get: get.commands,
  list: list.commands,
  create: create.commands,
  update: update.commands,
  delete: remove.commands,
  files: files.commands,
};

describe("the commands each store operation declares", () => {
  it.each(Object.entries(declared))(
    "%s: are the ones the model grants permissions for",
    (operation, commands) => {
      expect(commands).toEqual(storeOperationCommands[operation as StoreOperation]);
    },
  );
});
