// Print the wasm-opt `--enable-*` flags for the features a module declares in its
// `target_features` custom section (written by rustc/LLVM, kept by wasm-bindgen).
//   node scripts/wasm-features.mjs module.wasm   ->   --enable-bulk-memory --enable-sign-ext ...
// wasm-opt reads that section by itself too; passing the flags keeps validation working if a
// later tool drops the section (as `strip = true` does: see TOOLCHAIN.md).
import { readFileSync } from 'node:fs';

// LLVM feature name -> binaryen flag name, where they differ
const RENAME = { 'nontrapping-fptoint': 'nontrapping-float-to-int', atomics: 'threads' };

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/wasm-features.mjs MODULE.wasm');
  process.exit(2);
}
const module = new WebAssembly.Module(readFileSync(file));
const flags = new Set();
for (const section of WebAssembly.Module.customSections(module, 'target_features')) {
  const bytes = new Uint8Array(section);
  let i = 0;
  const leb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++];
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  };
  const count = leb();
  for (let k = 0; k < count; k++) {
    const prefix = String.fromCharCode(bytes[i++]);
    const len = leb();
    const name = new TextDecoder().decode(bytes.subarray(i, i + len));
    i += len;
    if (prefix === '+' || prefix === '=') flags.add(`--enable-${RENAME[name] ?? name}`);
  }
}
console.log([...flags].sort().join(' '));
