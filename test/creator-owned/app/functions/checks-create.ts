/** Lambda entry for `POST /notes/{noteId}/checks`. */
import { createRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = createRoute(app, "POST /notes/{noteId}/checks");
