/** Lambda entry for `PATCH /notes/{noteId}`. */
import { patchRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = patchRoute(app, "PATCH /notes/{noteId}");
