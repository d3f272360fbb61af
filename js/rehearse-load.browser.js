// The rehearsal's module in a browser (and by default): fetched from beside this file.
import init, { rehearse } from "./jwt_doctor_rehearse.js";

/** Instantiates the rehearsal's module; resolves to its functions. */
export async function loadRehearse() {
  await init({ module_or_path: new URL("./jwt_doctor_rehearse_bg.wasm", import.meta.url) });
  return { rehearse };
}
