// SPEC §1 (GitHub issue 5), format rows: transit corruption (each kind, with repairedVerifies),
// structure (parts, JWE), base64url and JSON errors with part and byte offset, duplicate members,
// size and depth limits. All filed under the format check.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CompactEncrypt } from "jose";
import {
  NOW, sign, b64u, claims, secret, inspect, verifyOutcome, safeToLogTest,
  codes, errors, finding, has, lacks, rejectedFor, status,
} from "./diagnosis-helpers.mjs";

const SECRET = secret("format-secret-Qq3!Ww6#Ee9$Rr2%Tt5^Yy8&Uu1*");
const OTHER = secret("format-other-secret-Ii4!Oo7#Pp0$Aa3%Ss6^");
const opts = (extra = {}) => ({ key: SECRET, algorithms: ["HS256"], now: NOW, ...extra });
const good = sign({ alg: "HS256", typ: "JWT" }, claims(), SECRET);
const wrongKey = sign({ alg: "HS256", typ: "JWT" }, claims(), OTHER);

/** A corruption finding: error (or info), check format, repairedVerifies as given. */
function corruption(r, code, repairedVerifies, severity = "error") {
  const f = has(r, code, severity, "format");
  assert.equal(f.detail.repairedVerifies, repairedVerifies, `${code}.detail.repairedVerifies`);
  return f;
}

// ---------------------------------------------------------------------------------------------
// transit corruption
// ---------------------------------------------------------------------------------------------

test("bearer_prefix: a single leading \"Bearer \" is stripped silently (info); the token is valid", async () => {
  const r = inspect(`Bearer ${good}`, opts());
  corruption(r, "bearer_prefix", true, "info");
  assert.equal(r.valid, true);
  assert.deepEqual(r.token.repaired, ["bearer_prefix"]);
  assert.equal(r.token.bytes, good.length + 7, "bytes as received");
  assert.equal(inspect(`bearer ${good}`, opts()).valid, true, "scheme is case-insensitive");
  const v = await verifyOutcome(`Bearer ${good}`, opts());
  assert.equal(v.ok, false, "verify() takes the token as issued");
});

const CORRUPTIONS = [
  ["double_bearer", `Bearer Bearer ${good}`],
  ["url_encoded", good.replace(/\./g, "%2E")],
  ["url_encoded", `Bearer%20${good}`],
  ["quoted_token", `"${good}"`],
  ["quoted_token", `'${good}'`],
  ["whitespace_in_token", `${good.slice(0, 40)}\n${good.slice(40, 90)}\r\n${good.slice(90)}`],
  ["whitespace_in_token", `${good.slice(0, 30)} ${good.slice(30)}`],
  ["base64_padding", `${good}=`],
];
for (const [code, received] of CORRUPTIONS) {
  test(`${code}: ${JSON.stringify(received.slice(0, 24))}… is an error; repairedVerifies says whether the repaired token verifies`, async () => {
    const r = inspect(received, opts());
    rejectedFor(r, code);
    corruption(r, code, true);
    assert.ok(r.token.repaired.includes(code));
    assert.equal(r.signature.verified, true, "the repaired token was analysed");
    assert.equal(r.token.bytes, Buffer.byteLength(received));
    // the same corruption of a token signed with another key: repairedVerifies false
    const bad = received.split(good).join(wrongKey);
    if (bad !== received) corruption(inspect(bad, opts()), code, false);
    const v = await verifyOutcome(received, opts());
    assert.equal(v.ok, false);
  });
}

test("url_encoded names the escapes seen (%2E, %3D, %20)", () => {
  const r = inspect(`Bearer%20${good.replace(/\./g, "%2E")}%3D`, opts());
  const f = corruption(r, "url_encoded", true);
  assert.deepEqual([...f.detail.sequences].sort(), ["%20", "%2E", "%3D"]);
  has(r, "base64_padding", "error", "format");
});

test("whitespace_in_token gives the byte offset of the first whitespace", () => {
  const f = finding(inspect(`${good.slice(0, 50)}\n${good.slice(50)}`, opts()), "whitespace_in_token");
  assert.equal(f.detail.offset, 50);
});

test("not_base64url: standard base64 ('+' '/') instead of base64url, in the part that has them", () => {
  // find claims whose HS256 signature contains '-' or '_'
  let token;
  for (let i = 0; !token; i++) {
    const t = sign({ alg: "HS256" }, claims({ n: i }), SECRET);
    if (/[-_]/.test(t.split(".")[2])) token = t;
  }
  const [h, p, s] = token.split(".");
  const received = `${h}.${p}.${s.replace(/-/g, "+").replace(/_/g, "/")}`;
  const r = inspect(received, opts());
  rejectedFor(r, "not_base64url");
  const f = corruption(r, "not_base64url", true);
  assert.equal(f.detail.part, "signature");
  assert.equal(r.signature.verified, true);
});

test("several corruptions at once are each named", () => {
  const r = inspect(`"Bearer Bearer ${good}="`, opts());
  for (const code of ["double_bearer", "quoted_token", "base64_padding"]) corruption(r, code, true);
});

// ---------------------------------------------------------------------------------------------
// structure
// ---------------------------------------------------------------------------------------------

for (const [what, token, parts] of [
  ["two parts", good.slice(0, good.lastIndexOf(".")), 2],
  ["four parts", `${good}.AAAA`, 4],
  ["one part", "eyJhbGciOiJIUzI1NiJ9", 1],
]) {
  test(`malformed_token: ${what}`, () => {
    const r = inspect(token, opts());
    rejectedFor(r, "malformed_token");
    assert.equal(has(r, "malformed_token", "error", "format").detail.parts, parts);
    assert.equal(r.header, null);
  });
}

test("malformed_token: an empty string", () => {
  rejectedFor(inspect("", opts()), "malformed_token");
});

test("encrypted_token: a real compact JWE (five parts) is recognised, not called malformed", async () => {
  const jwe = await new CompactEncrypt(new TextEncoder().encode(JSON.stringify(claims())))
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(new Uint8Array(32).fill(7));
  assert.equal(jwe.split(".").length, 5);
  const r = inspect(jwe, opts());
  rejectedFor(r, "encrypted_token");
  const f = has(r, "encrypted_token", "error", "format");
  assert.match(f.hint, /decrypt/i);
  lacks(r, "malformed_token");
});

for (const [partName, index] of [["header", 0], ["payload", 1], ["signature", 2]]) {
  test(`invalid_base64url in the ${partName}: detail.part and byte offset`, () => {
    const parts = good.split(".");
    parts[index] = `${parts[index].slice(0, 5)}!${parts[index].slice(6)}`;
    const r = inspect(parts.join("."), opts());
    rejectedFor(r, "invalid_base64url");
    const f = has(r, "invalid_base64url", "error", "format");
    assert.equal(f.detail.part, partName);
    assert.equal(f.detail.offset, 5);
    assert.equal(f.detail.tokenOffset, parts.slice(0, index).join(".").length + (index ? 1 : 0) + 5);
  });
}

test("invalid_json in the header: detail.part header and the byte offset of the error", () => {
  const text = '{"alg":"HS256",}';
  const token = `${b64u(text)}.${b64u(JSON.stringify(claims()))}.${good.split(".")[2]}`;
  const r = inspect(token, opts());
  rejectedFor(r, "invalid_json");
  const f = has(r, "invalid_json", "error", "format");
  assert.equal(f.detail.part, "header");
  assert.equal(f.detail.offset, text.indexOf("}"));
});

test("invalid_json in the payload (not UTF-8)", () => {
  const token = `${good.split(".")[0]}.${b64u(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))}.${good.split(".")[2]}`;
  const f = has(inspect(token, opts()), "invalid_json", "error", "format");
  assert.equal(f.detail.part, "payload");
});

for (const [what, text] of [["an array", "[1,2]"], ["a string", '"sub"'], ["a number", "1735689600"]]) {
  test(`payload_not_object: the payload is ${what}`, () => {
    const r = inspect(sign({ alg: "HS256" }, text, SECRET), opts());
    rejectedFor(r, "payload_not_object");
    const f = has(r, "payload_not_object", "error", "format");
    assert.equal(f.detail.part, "payload");
    assert.equal(f.detail.offset, 0);
  });
}

test("duplicate_member in the header (alg twice): part header, member, byte offset", () => {
  const header = '{"alg":"HS256","typ":"JWT","alg":"none"}';
  const r = inspect(sign(header, claims(), SECRET, { alg: "HS256" }), opts());
  rejectedFor(r, "duplicate_member");
  const f = has(r, "duplicate_member", "error", "format");
  assert.equal(f.detail.part, "header");
  assert.equal(f.detail.member, "alg");
  const second = header.lastIndexOf('"alg"');
  assert.ok(f.detail.offset >= second && f.detail.offset <= second + 8, `offset ${f.detail.offset} near ${second}`);
});

test("duplicate_member in the payload (sub twice, nested too)", () => {
  const payload = `{"sub":"user-1","exp":${NOW + 60},"sub":"admin"}`;
  const r = inspect(sign({ alg: "HS256" }, payload, SECRET), opts());
  rejectedFor(r, "duplicate_member");
  const f = has(r, "duplicate_member", "error", "format");
  assert.equal(f.detail.part, "payload");
  assert.equal(f.detail.member, "sub");
  assert.equal(typeof f.detail.offset, "number");
  const nested = `{"sub":"u","exp":${NOW + 60},"ctx":{"role":"user","role":"admin"}}`;
  assert.equal(finding(inspect(sign({ alg: "HS256" }, nested, SECRET), opts()), "duplicate_member").detail.member, "role");
});

// ---------------------------------------------------------------------------------------------
// limits
// ---------------------------------------------------------------------------------------------

test("token_too_large: over 16 KiB by default; maxTokenBytes moves the limit; bytes as received", () => {
  const big = sign({ alg: "HS256" }, claims({ pad: "x".repeat(17 * 1024) }), SECRET);
  const r = inspect(big, opts());
  rejectedFor(r, "token_too_large");
  const f = has(r, "token_too_large", "error", "format");
  assert.equal(f.detail.bytes, big.length);
  assert.equal(f.detail.limit, 16 * 1024);
  assert.equal(inspect(big, opts({ maxTokenBytes: 32 * 1024 })).valid, true);
  // a Bearer prefix counts: exactly at the limit without it, over the limit with it
  assert.equal(inspect(good, opts({ maxTokenBytes: good.length })).valid, true);
  rejectedFor(inspect(`Bearer ${good}`, opts({ maxTokenBytes: good.length })), "token_too_large");
});

/** A value of `depth - 1` nested containers: inside the top-level object it makes `depth` levels. */
const nest = (depth) => {
  let v = 1;
  for (let i = 1; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};
test("json_too_deep: payload nested 33 deep (objects and arrays) is too deep; 32 is fine", () => {
  const at = (depth) => `{"sub":"u","exp":${NOW + 60},"n":${JSON.stringify(nest(depth))}}`;
  const ok = inspect(sign({ alg: "HS256" }, at(32), SECRET), opts());
  lacks(ok, "json_too_deep");
  assert.equal(ok.valid, true, JSON.stringify(codes(ok)));
  const r = inspect(sign({ alg: "HS256" }, at(33), SECRET), opts());
  rejectedFor(r, "json_too_deep");
  const f = has(r, "json_too_deep", "error", "format");
  assert.equal(f.detail.part, "payload");
});

test("json_too_deep in the header", () => {
  const header = `{"alg":"HS256","x":${"[".repeat(40)}${"]".repeat(40)}}`;
  const r = inspect(sign(header, claims(), SECRET), opts());
  rejectedFor(r, "json_too_deep");
  assert.equal(finding(r, "json_too_deep").detail.part, "header");
  assert.deepEqual(errors(r), ["json_too_deep"]);
  assert.equal(status(r, "format"), "fail");
});

safeToLogTest();
