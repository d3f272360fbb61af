// The module graph of a package entry, for runtimes without a resolver (workerd): shared by the
// edge test (pkg/) and the packed-tarball tests (an installed tarball).
import { existsSync, readFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import path from "node:path";

/** Static and dynamic import specifiers of an ES module. */
export function importSpecifiers(source) {
  const specs = new Set();
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*(["'])([^"'\n]+)\1/gm,
    /^\s*import\s*(["'])([^"'\n]+)\1/gm,
    /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.add(m[2]);
  return [...specs];
}

/**
 * Every file `entry` imports, transitively (relative imports only), and the files those modules
 * read beside themselves by `new URL(…, import.meta.url)`; lists what cannot be.
 */
export function moduleGraph(packageDir, entry) {
  const files = [entry];
  const seen = new Set(files);
  const problems = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (!/\.(m?js)$/.test(file)) continue;
    const source = readFileSync(file, "utf8");
    // files a module reads beside itself (`new URL("./x.wasm", import.meta.url)`) ship too
    const assets = [...source.matchAll(/\bnew URL\(\s*(["'])(\.\.?\/[^"'\n]+)\1\s*,\s*import\.meta\.url\s*\)/g)].map((m) => m[2]);
    for (const spec of [...importSpecifiers(source), ...assets]) {
      const from = path.relative(packageDir, file);
      if (!spec.startsWith("./") && !spec.startsWith("../")) {
        problems.push(`${from} imports "${spec}", which workerd cannot resolve without a bundler`);
        continue;
      }
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(packageDir + path.sep)) problems.push(`${from} imports "${spec}", outside the package`);
      else if (!existsSync(target)) problems.push(`${from} imports "${spec}", which is not in the package`);
      else if (!seen.has(target)) {
        seen.add(target);
        files.push(target);
      }
    }
  }
  return { files, problems };
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
