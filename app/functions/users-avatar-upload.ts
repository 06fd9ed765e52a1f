/** Lambda entry for `POST /users/{userId}/avatar`. */
import { uploadRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = uploadRoute(app, "POST /users/{userId}/avatar");
