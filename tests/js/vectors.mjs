// Where the shared conformance vectors are: $JWT_DOCTOR_VECTORS, else ../shared/vectors beside
// the repository. Tests skip with a clear message when they are absent.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, resolve, dirname } from "node:path";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The vectors folder, or null when absent. */
export const VECTORS = (() => {
  const dir = process.env.JWT_DOCTOR_VECTORS ?? join(root, "..", "shared", "vectors");
  return existsSync(dir) ? dir : null;
})();

/** Reads a JSON file of the vectors. */
export const readJson = (rel) => JSON.parse(readFileSync(join(VECTORS, rel), "utf8"));

/** Reads a JSON Lines file of the vectors. */
export const readJsonl = (rel) =>
  readFileSync(join(VECTORS, rel), "utf8").trim().split("\n").map((l) => JSON.parse(l));
