// Where the shared conformance vectors are: $JWT_DOCTOR_VECTORS, else ../shared/vectors beside
// the repository. Tests skip with a clear message when they are absent, except under CI.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve, dirname } from "node:path";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The vectors folder, or null when absent (a user's fresh clone: the tests skip, saying so).
 * Under CI, which always has them, an absent folder is an error: a moved folder must not turn
 * the vector suites into tests that pass without running.
 */
export const VECTORS = (() => {
  const dir = process.env.JWT_DOCTOR_VECTORS ?? join(root, "..", "shared", "vectors");
  if (existsSync(dir)) return dir;
  const ci = process.env.CI;
  if (ci && ci !== "false" && ci !== "0") throw new Error(`the conformance vectors are not at ${dir} (CI must run them; set JWT_DOCTOR_VECTORS)`);
  return null;
})();

/** Reads a JSON file of the vectors. */
export const readJson = (rel) => JSON.parse(readFileSync(join(VECTORS, rel), "utf8"));

/** Reads a JSON Lines file of the vectors. */
export const readJsonl = (rel) =>
  readFileSync(join(VECTORS, rel), "utf8").trim().split("\n").map((l) => JSON.parse(l));

/** The JWS algorithms a vector case may name. */
export const JWS = new Set(["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]);

// Wycheproof JWS tcId 372/373 are marked valid upstream, but carry an inserted "?" and borrow
// tcId 357's MAC: a strict validator rejects them (vectors/README.md, "Known traps").
export const STRICTER_THAN_UPSTREAM = new Set(["wycheproof-json_web_signature_test-tc372", "wycheproof-json_web_signature_test-tc373"]);

/** The algorithms to allow for a vector case's key when the case names none. */
export function algsFor(key) {
  const j = key && typeof key === "object" && key.keys ? key.keys[0] : key;
  if (!j || typeof j !== "object") return ["HS256"];
  if (j.kty === "oct") return ["HS256", "HS384", "HS512"];
  if (j.kty === "RSA") return ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
  if (j.kty === "EC") return [{ "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" }[j.crv] ?? "ES256"];
  return ["EdDSA"];
}
