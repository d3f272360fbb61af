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
