/** Lambda entry for `GET /notes/{noteId}/checks`. */
import { listRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = listRoute(app, "GET /notes/{noteId}/checks");
