/** Lambda entry for `DELETE /devices/{deviceId}/firmware`. */
import { deleteFileRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = deleteFileRoute(app, "DELETE /devices/{deviceId}/firmware");
