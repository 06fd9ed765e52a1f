/** Invoked by the files bucket's ObjectCreated events: records each checked upload on its item. */
import { fileRecorder } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = fileRecorder(app);
