// `jwt-doctor decode [TOKEN | -]`: header and payload, without verifying anything.

import { decode, tokenFromAuthorization, JwtError } from "../index.node.js";
import { instant, parse } from "./args.js";
import { tokenArgument } from "./input.js";
import { decodedSummary, plural } from "./render.js";
import { colourWanted, makeStyle } from "./style.js";
import { HELP } from "./usage.js";

const OPTIONS = {
  json: { type: "boolean" },
  now: { type: "string" },
  help: { type: "boolean", short: "h" },
};

/** A whole header line or a "Bearer " value to the bare token (strictly, as a server would). */
function bare(text) {
  let value = text.trim();
  const header = /^authorization\s*:\s*/i.exec(value);
  if (header) value = value.slice(header[0].length);
  if (header || /^bearer(\s|%20)/i.test(value)) return tokenFromAuthorization(value);
  return value;
}

/** Runs the command; resolves to the exit status. */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, OPTIONS, 1);
  if (values.help) {
    io.stdout.write(`${HELP.decode}\n`);
    return 0;
  }
  const now = instant("--now", values.now) ?? Math.floor(Date.now() / 1000);
  const text = await tokenArgument(positionals[0], "decode");
  let decoded;
  try {
    decoded = decode(bare(text));
  } catch (e) {
    if (!(e instanceof JwtError)) throw e;
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ error: { code: e.code, message: e.message }, findings: e.findings }, null, 2)}\n`);
    } else {
      const s = makeStyle(colourWanted(io.stdout));
      io.stdout.write(`${s.bold(s.red("✗ NOT DECODABLE"))}  ${e.code}: ${e.message}\n`);
      // JwtError.finding is the main cause (findings[0] may be an info finding)
      const hint = e.finding?.hint;
      if (hint) io.stdout.write(`${s.dim(`→ ${hint}`)}\n`);
    }
    return 1;
  }
  if (values.json) {
    io.stdout.write(`${JSON.stringify(decoded, null, 2)}\n`);
    return 0;
  }
  const s = makeStyle(colourWanted(io.stdout));
  const out = [];
  out.push(s.bold("header"));
  out.push(JSON.stringify(decoded.header, null, 2));
  out.push(s.bold("payload"));
  out.push(JSON.stringify(decoded.payload, null, 2));
  out.push("");
  out.push(...decodedSummary(decoded.header, decoded.payload, s, { now }).slice(2));
  out.push(`${s.bold("signature")} ${plural(decoded.signature.length, "base64url character")}`);
  out.push(s.yellow("decoded only: nothing was verified (use `jwt-doctor inspect` with a key)"));
  io.stdout.write(`${out.join("\n")}\n`);
  return 0;
}
