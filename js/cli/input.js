// Where a token comes from: the argument, or standard input with "-".

import { UsageError } from "./usage.js";

/** The most read from standard input for one token (4 MiB; the core's own cap is 1 MiB). */
const MAX_STDIN = 4 * 1024 * 1024;

/** Reads all of standard input as text (bounded). */
export async function readStdin(stdin = process.stdin) {
  const chunks = [];
  let total = 0;
  for await (const chunk of stdin) {
    total += chunk.length;
    if (total > MAX_STDIN) throw new UsageError(`standard input holds more than ${MAX_STDIN} bytes: not one token`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The token text from the positional argument: itself, or standard input for "-" with its
 * trailing newline removed (a whole "Authorization: Bearer ..." line is kept as is: inspect
 * reads it and says so).
 */
export async function tokenArgument(positional, command) {
  if (positional === undefined) {
    throw new UsageError(`${command} needs a TOKEN, or - to read it from standard input (try --help)`);
  }
  if (positional !== "-") return positional;
  const text = (await readStdin()).replace(/\r?\n$/, "");
  if (text.trim() === "") throw new UsageError("standard input is empty: no token to read");
  return text;
}
