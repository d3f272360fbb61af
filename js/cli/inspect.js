// `jwt-doctor inspect [TOKEN | -]`: the report of one token, as a checklist or as JSON.

import { fixFor, inspect } from "../index.node.js";
import { INSPECT_OPTIONS, parse } from "./args.js";
import { fixContext, renderFixes, stackOption } from "./fix.js";
import { tokenArgument } from "./input.js";
import { renderReport } from "./render.js";
import { colourWanted, makeStyle } from "./style.js";
import { HELP } from "./usage.js";
import { fixOptions, inspectOrUsage, verifierOptions } from "./verifier.js";

/** Runs the command; resolves to the exit status. */
export async function run(args, io = process) {
  const { values, positionals } = parse(args, INSPECT_OPTIONS, 1);
  if (values.help) {
    io.stdout.write(`${HELP.inspect}\n`);
    return 0;
  }
  const stack = stackOption(values.stack);
  // whole seconds: no float noise in --json (expiresIn: 3497, not 3497.558000087738)
  const options = await verifierOptions(values, { defaultNow: Math.floor(Date.now() / 1000) });
  const token = await tokenArgument(positionals[0], "inspect");
  const report = inspectOrUsage(inspect, token, options);
  const fixes = stack && fixFor(report, stack, fixContext(fixOptions(options, values), values));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(fixes ? { ...report, fixes } : report, null, 2)}\n`);
  } else {
    const s = makeStyle(colourWanted(io.stdout));
    io.stdout.write(renderReport(report, s) + (fixes ? renderFixes(fixes, stack, s) : ""));
  }
  return report.valid ? 0 : 1;
}
