// The rehearsal's module in Node (and Bun and Deno): read from the file beside this one.
import { readFile } from "node:fs/promises";
import { initSync, rehearse } from "./jwt_doctor_rehearse.js";

/** Instantiates the rehearsal's module; resolves to its functions. */
export async function loadRehearse() {
  initSync({ module: await readFile(new URL("./jwt_doctor_rehearse_bg.wasm", import.meta.url)) });
  return { rehearse };
}
