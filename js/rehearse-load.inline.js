// The rehearsal's module for the inline entry (bundles that leave .wasm files behind): its bytes
// as base64 in a file of their own, imported only when rehearse() is first called.
import { initSync, rehearse } from "./jwt_doctor_rehearse.js";

/** Instantiates the rehearsal's module; resolves to its functions. */
export async function loadRehearse() {
  const { WASM_BASE64 } = await import("./jwt_doctor_rehearse_inline.js");
  initSync({ module: Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0)) });
  return { rehearse };
}
