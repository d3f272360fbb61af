// Node entry point: instantiates the WebAssembly module from the file beside it at import.
import { readFileSync } from "node:fs";
import { initSync } from "./jwt_doctor.js";
import { markReady, setNativeBackend } from "./runtime.js";
import * as nodeCrypto from "node:crypto";
import { nodeBackend } from "./native.js";
import { setKeyReader } from "./cryptokey.js";

initSync({ module: readFileSync(new URL("./jwt_doctor_bg.wasm", import.meta.url)) });
markReady();
setNativeBackend(nodeBackend(nodeCrypto));
// A CryptoKey is read synchronously through its KeyObject (extractable or not).
setKeyReader((key) => {
  const k = nodeCrypto.KeyObject.from(key);
  return k.type === "secret" ? new Uint8Array(k.export()) : k.export({ format: "jwk" });
});

export * from "./api.js";
