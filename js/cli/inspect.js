// `jwt-doctor inspect [TOKEN | -]`: the report of one token, as a checklist or as JSON.

import { inspect } from "../index.node.js";
import { parse, VERIFIER_OPTIONS } from "./args.js";
import { tokenArgument } from "./input.js";
import { renderReport } from "./render.js";
import { colourWanted, makeStyle } from "./style.js";
import { HELP } from "./usage.js";
import { inspectOrUsage, verifierOptions } from "./verifier.js";

/** Runs the command; resolves to the exit status. */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, VERIFIER_OPTIONS, 1);
  if (values.help) {
    io.stdout.write(`${HELP.inspect}\n`);
    return 0;
  }
  const options = await verifierOptions(values);
  const token = await tokenArgument(positionals[0], "inspect");
  const report = inspectOrUsage(inspect, token, options);
  if (values.json) {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    io.stdout.write(renderReport(report, makeStyle(colourWanted(io.stdout))));
  }
  return report.valid ? 0 : 1;
}
