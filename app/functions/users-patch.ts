/** Lambda entry for `PATCH /users/{userId}`. */
import { route } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = route(app, "PATCH /users/{userId}");
