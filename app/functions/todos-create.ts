/** Lambda entry for `POST /users/{userId}/todos`. */
import { route } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = route(app, "POST /users/{userId}/todos");
