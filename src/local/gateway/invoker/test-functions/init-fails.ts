/** A function whose dependency throws during Lambda's init phase, before any handler runs. */
import { connection } from "./broken-dependency.js";

export const handler = async () => ({ statusCode: 200, body: String(connection) });
