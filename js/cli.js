#!/usr/bin/env node
// The `jwt-doctor` command. Each command lives in cli/<name>.js and resolves to its exit
// status: 0 valid, 1 invalid, 2 usage error, 3 a key set URL that could not be fetched. Errors
// are one line on stderr, never a stack.

import { readFileSync } from "node:fs";
import { HELP, UsageError } from "./cli/usage.js";

const COMMANDS = {
  inspect: () => import("./cli/inspect.js"),
  decode: () => import("./cli/decode.js"),
  triage: () => import("./cli/triage.js"),
  compare: () => import("./cli/compare.js"),
  fleet: () => import("./cli/fleet.js"),
  rehearse: () => import("./cli/rehearse.js"),
};

function version() {
  try {
    return JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")).version;
  } catch {
    return "unknown";
  }
}

function oneLine(message) {
  return String(message).split("\n")[0];
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === undefined) {
    process.stderr.write(`${HELP.main}\n`);
    return 2;
  }
  if (command === "--help" || command === "-h" || command === "help") {
    const topic = rest[0] && Object.hasOwn(COMMANDS, rest[0]) ? rest[0] : "main";
    process.stdout.write(`${HELP[topic]}\n`);
    return 0;
  }
  if (command === "--version" || command === "-V") {
    process.stdout.write(`jwt-doctor ${version()}\n`);
    return 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    throw new UsageError(`unknown command ${JSON.stringify(command.slice(0, 40))}: use inspect, decode, triage, compare, fleet or rehearse (try --help)`);
  }
  const { run } = await COMMANDS[command]();
  return run(rest);
}

// A closed pipe (`jwt-doctor triage big.log | head`) ends quietly.
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`jwt-doctor: ${oneLine(e.message)}\n`);
      process.exitCode = e.exitCode; // 2, or 3 for a key set URL that could not be fetched
      return;
    }
    process.stderr.write(`jwt-doctor: internal error: ${oneLine(e?.message ?? e)} (please report it)\n`);
    if (process.env.JWT_DOCTOR_DEBUG) process.stderr.write(`${e?.stack}\n`);
    process.exitCode = 2;
  },
);
