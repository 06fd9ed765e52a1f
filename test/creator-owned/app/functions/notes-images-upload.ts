/** Lambda entry for `POST /notes/{noteId}/images`. */
import { uploadRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = uploadRoute(app, "POST /notes/{noteId}/images");
