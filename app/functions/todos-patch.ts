/** Lambda entry for `PATCH /users/{userId}/todos/{todoId}`. */
import { route } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = route(app, "PATCH /users/{userId}/todos/{todoId}");
