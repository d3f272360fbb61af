// Reads the diagnosis cases (tests/cases/*.json, written by tests/cases/generate.mjs) for the
// suites that run them: tests/js/cases.test.mjs, and the JavaScript-only checks over them in
// tests/js/diagnosis.test.mjs. Not a test file itself.
import { readdirSync, readFileSync } from "node:fs";

const dir = new URL("../cases/", import.meta.url);

/** Every case of every tests/cases/*.json file, with its file name. */
export function loadCases() {
  return readdirSync(dir).filter((n) => n.endsWith(".json")).sort()
    .flatMap((file) => JSON.parse(readFileSync(new URL(file, dir), "utf8")).map((c) => ({ file, ...c })));
}
