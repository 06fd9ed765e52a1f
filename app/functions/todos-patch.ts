/** Lambda entry for `PATCH /users/{userId}/todos/{todoId}`. */
import { patchRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = patchRoute(app, "PATCH /users/{userId}/todos/{todoId}");
