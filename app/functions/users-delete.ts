/** Lambda entry for `DELETE /users/{userId}`. */
import { deleteRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = deleteRoute(app, "DELETE /users/{userId}");
