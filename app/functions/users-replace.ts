/** Lambda entry for `PUT /users/{userId}`. */
import { route } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = route(app, "PUT /users/{userId}");
