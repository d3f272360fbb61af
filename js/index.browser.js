// Browser (and default) entry point: call `await init()` once before the synchronous functions;
// `verify()` waits for it by itself. `init()` is idempotent and accepts a URL, a Response, bytes
// or a WebAssembly.Module; by default it fetches the .wasm beside this file.
import initWasm from "./jwt_doctor.js";
import { setRehearseLoader } from "./rehearse.js";
import { setStarter, setNativeBackend } from "./runtime.js";
import { webBackend } from "./native.js";

setStarter((input) => initWasm({ module_or_path: input ?? new URL("./jwt_doctor_bg.wasm", import.meta.url) }));
setRehearseLoader(() => import("./rehearse-load.browser.js"));

if (globalThis.crypto?.subtle) setNativeBackend(webBackend(globalThis.crypto.subtle));

export * from "./api.js";
