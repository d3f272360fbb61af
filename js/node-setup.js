// What the Node-like entries (index.node.js, inline.js) set up beyond the module: node:crypto
// as the native signature backend, and CryptoKeys read through their KeyObject.
import { setNativeBackend } from "./runtime.js";
import { nodeBackend } from "./native.js";
import { setKeyReader } from "./cryptokey.js";

/** Registers node:crypto (Node, Bun and Deno all have it) for verify() and CryptoKey keys. */
export function useNodeCrypto(nodeCrypto) {
  setNativeBackend(nodeBackend(nodeCrypto));
  // A CryptoKey is read synchronously through its KeyObject (extractable or not).
  setKeyReader((key) => {
    const k = nodeCrypto.KeyObject.from(key);
    return k.type === "secret" ? new Uint8Array(k.export()) : k.export({ format: "jwk" });
  });
}
