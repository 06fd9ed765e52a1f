/** Lambda entry for `DELETE /users/{userId}`. */
import { route } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = route(app, "DELETE /users/{userId}");
