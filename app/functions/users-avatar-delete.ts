/** Lambda entry for `DELETE /users/{userId}/avatar`. */
import { deleteFileRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = deleteFileRoute(app, "DELETE /users/{userId}/avatar");
