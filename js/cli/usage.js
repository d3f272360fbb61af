// Usage errors and the help texts. A UsageError ends the program with one line on stderr and
// exit status 2.

/** Something wrong with how the command was called (or with a file it was pointed at). */
export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
    this.exitCode = 2;
  }
}

/**
 * A JWKS or discovery URL that could not be fetched (down, timed out, an HTTP error, no JWK Set
 * in the answer): exit status 3, apart from a usage error (2), so that a script can retry.
 */
export class FetchError extends UsageError {
  constructor(message) {
    super(message);
    this.name = "FetchError";
    this.exitCode = 3;
  }
}

/** The answer to a PEM key given as --secret. */
export const PEM_SECRET = "--secret: this is a PEM key, not a secret: use --key FILE";

const VERIFIER = `verifier options (inspect, triage):
  --key FILE               a PEM public key or certificate, DER, an OpenSSH public key line, a JWK
                           or a JWK Set (JSON); never a secret: other files are refused
  --jwks FILE|URL          a JWK Set, read from a file or fetched (the fetch times out after 10 s)
  --issuer-discovery URL   fetch URL/.well-known/openid-configuration, then its jwks_uri
  --secret S               an HMAC secret given on the command line
  --secret-file FILE       an HMAC secret: the file's bytes, less one final line break
  --secret-encoding E      utf8 (default), base64, base64url or hex
  --alg A                  allowed algorithm (repeatable, or comma-separated)
  --iss I                  expected issuer (repeatable: one of)
  --aud A                  expected audience (repeatable: one of)
  --sub S                  expected subject
  --typ T                  expected header typ
  --require CLAIM          a claim that must be present (repeatable)
  --leeway N               clock tolerance in seconds (default 0)
  --max-token-age N        oldest acceptable token (now - iat), in seconds
  --now T                  judge at this time: seconds since the epoch or ISO 8601
  --json                   print JSON for machines`;

export const HELP = {
  main: `jwt-doctor: a JWT validator that explains every failure

usage:
  jwt-doctor inspect [TOKEN | -] [verifier options] [--json]
  jwt-doctor decode  [TOKEN | -] [--json]
  jwt-doctor triage  [FILE | -]  [verifier options] [--json]
  jwt-doctor compare TOKEN --config A.json --config B.json [...] [--json]
  jwt-doctor fleet   METRICS_URL... | --prometheus URL [--token T] [--json]
  jwt-doctor rehearse [PLAN.json] [--publish T] [--switch T] [--retire T] [--verifier NAME]... [--json]

  jwt-doctor COMMAND --help   the options of one command
  jwt-doctor --version

TOKEN may be "-" to read standard input (a token, or a whole "Authorization: Bearer ..." line).
Exit status: 0 valid, 1 invalid, 2 usage error, 3 a JWKS or discovery URL could not be fetched
(rehearse: 0 safe, 1 rejects valid tokens).
No token or key ever leaves the process; only the JWKS and discovery URLs you give are fetched.`,

  inspect: `usage: jwt-doctor inspect [TOKEN | -] [options]

Checks the token and explains every failure: the verdict with its main cause and what to do,
the decoded header and payload, a checklist of the 13 checks, and each finding with its hint.
TOKEN may carry "Bearer " or be a whole "Authorization: Bearer ..." line; "-" reads it from
standard input.

${VERIFIER}
  --stack NAME             print the fix of each finding in that library's own syntax: jose,
                           jsonwebtoken, fast-jwt, pyjwt, hono or spring

Exit status: 0 valid, 1 invalid, 2 usage error, 3 a JWKS or discovery URL could not be
fetched. --json prints the report exactly as the package's inspect() returns it (with --stack,
plus "fixes").`,

  decode: `usage: jwt-doctor decode [TOKEN | -] [--json] [--now T]

Prints the header and payload WITHOUT verifying anything. "-" reads standard input; a
"Bearer " prefix or a whole "Authorization: Bearer ..." line is accepted.

Exit status: 0 decoded, 1 not decodable, 2 usage error.`,

  triage: `usage: jwt-doctor triage [FILE | -] [verifier options] [--json]

Reads many tokens, one a line, or log / NDJSON lines from which it picks "eyJ..." tokens and
"Authorization: Bearer" values, inspects each with the options, and prints counts by finding
code, by kid, iss and aud, how late expired tokens are, and the issuer's clock offset estimated
from iat versus each line's own timestamp (NDJSON time/timestamp/ts/@timestamp, else the first
ISO 8601 time on the line) or versus --now. Streams: memory stays flat on any input size.
Every token is judged at one instant: --now, or the time the run started; with --now line,
each token is judged at its line's own timestamp (lines without one at the time the run started).
The clock offset: the median of iat − line time (tokens are reused, so it is mostly minus their
age) and the tokens issued after their log line, by up to how much (the issuer's clock lead).

${VERIFIER}
  --sample                 one sample per main cause: the line number and the token's fingerprint
                           (the first 16 characters of its base64url SHA-256), never the token
  --group-by FIELD         counts and main causes per value of FIELD of NDJSON lines (instance,
                           host, a dotted path like kubernetes.pod); other lines are "(none)"

Exit status: 0 no invalid token, 1 at least one invalid token, 2 usage error, 3 a JWKS or
discovery URL could not be fetched.`,

  compare: `usage: jwt-doctor compare TOKEN --config A.json --config B.json [...] [--json] [--now T]

Runs one token through several verifier configurations and shows, one column each, the 13
checks with the differing rows marked "≠", then one line per configuration that rejects it.
A configuration is a JSON file of inspect() options (key, jwks, algorithms, issuer, audience,
leeway, now, ...); "keyFile", "secretFile" and "jwksFile" name files relative to the
configuration, read as --key, --secret-file and --jwks read theirs, and "now" may be an ISO 8601
string. "jwksUrl" (or "jwks" given as an http(s) URL) is fetched, as --jwks URL is;
"clockOffset" (seconds, as on the page) moves that configuration's clock. Configurations
without "now" are judged at one instant (--now, or the current time), plus their clockOffset.
A column is named after its file (b.json -> b).

Exit status: 0 all accept, 1 any rejects, 2 usage error, 3 a JWKS URL could not be fetched.`,

  fleet: `usage: jwt-doctor fleet METRICS_URL... [options]
       jwt-doctor fleet --prometheus URL [--job NAME] [options]

Compares the instances of a service from their jwt-doctor metrics (the middleware's Prometheus
endpoint on each instance, or the series a Prometheus server scraped from them, told apart by
its "instance" label) and names the instances that differ, with the evidence and the fix: a
kid missing from one instance's key set and since when, a key set served stale with its last
error, a clock offset, another configuration (issuer, audience, algorithms, key source),
another version, a cause whose rate is high on one instance only. An instance that does not
answer is named, not fatal.

  --prometheus URL         read the series from this Prometheus server's HTTP API
  --job NAME               with --prometheus: only this scrape job
  --token T                also say which instances would reject this token, and why
                           (T, or "-" to read it from standard input)
  --timeout S              seconds to wait for each URL (default 10)
  --clock-bound S          a clock offset further than S from the fleet's median differs
                           (default 30)
  --stale-bound S          a key set stale for longer than S differs (default 300)
  --json                   print the instances and findings as JSON

Exit status: 0 the instances agree, 1 they differ, 2 usage error, 3 the Prometheus server
could not be read.`,

  rehearse: `usage: jwt-doctor rehearse [PLAN.json] [options] [--json]

Rehearses a key rotation or a key-set outage before production: for each verifier, the windows
in which valid tokens are rejected (and why: kid_not_found, signature_invalid, jwks_unavailable),
the earliest safe switch and retire times, hazards, and a verdict. PLAN.json holds the plan
(see the README); the options build one, or amend the file's.

  --publish T              when the new key is published (default: at the start)
  --switch T               when the signer switches to the new key
  --retire T               when the old key leaves the key set
  --outage FROM..TO        the key-set endpoint is down from FROM to TO
      T is an ISO 8601 time, or an offset from the start (now) like +10m, +2h, 600
  --lifetime D             token lifetime (default 1h); D in seconds or like 1h, 10m, 30s, 2d
  --leeway D               verifiers' clock tolerance (default 0)
  --rate N                 tokens issued per second, to count the rejected ones (default 1)
  --verifier NAME          a profile (repeatable): jwt-doctor, jose, jwks-rsa, express-jwt, pyjwt,
                           spring, microsoft, envoy (default jwt-doctor)
  --from-jwks URL          take the current key set's kids as the old keys (the first signs)
  --json                   print the result as rehearse() returns it

Exit status: 0 safe, 1 the plan rejects valid tokens (or a step comes before its earliest safe
time), 2 usage error or a plan that cannot be read.`,
};
