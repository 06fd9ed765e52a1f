/** Lambda entry for `DELETE /notes/{noteId}`. */
import { deleteRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = deleteRoute(app, "DELETE /notes/{noteId}");
