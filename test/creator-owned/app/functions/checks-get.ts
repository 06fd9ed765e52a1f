/** Lambda entry for `GET /notes/{noteId}/checks/{checkId}`. */
import { getRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = getRoute(app, "GET /notes/{noteId}/checks/{checkId}");
