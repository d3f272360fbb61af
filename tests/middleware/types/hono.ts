// Type check of the middleware declarations against real Hono types (tsc -p tsconfig.hono.json;
// skipLibCheck because hono 4.13 needs TypeScript ≥ 5.7 for its own declarations).
import { Hono, type Context } from "hono";
import { createMetrics, jwt, metricsHandler, type JwtVariables, type RejectionLog } from "jwt-doctor/hono";
import { jwt as expressJwt } from "jwt-doctor/express";
import { authenticate, createAuthenticator } from "jwt-doctor/fetch";
import { createRemoteJWKSet, createVerifier } from "jwt-doctor";

const metrics = createMetrics();
const logs: RejectionLog[] = [];
type Env = { Variables: JwtVariables; Bindings: { JWKS_URL: string } };
const app = new Hono<Env>();
app.use("/api/*", jwt({ jwks: createRemoteJWKSet("https://issuer.test/jwks"), algorithms: ["RS256"], metrics, log: (e) => logs.push(e) }));
const byUrl = new Map<string, { jwks: ReturnType<typeof createRemoteJWKSet>; algorithms: ["RS256"] }>();
app.use("/env/*", jwt((c: Context<Env>) => {
  const url: string = c.env.JWKS_URL;
  let o = byUrl.get(url);
  if (!o) byUrl.set(url, (o = { jwks: createRemoteJWKSet(url), algorithms: ["RS256"] }));
  return o;
}));
app.use("/hook/*", jwt({ key: "s".repeat(32), algorithms: ["HS256"], onFailure: (err, { status }) => new Response(err?.code ?? "missing", { status }) }));
app.use("/v/*", jwt({ verifier: createVerifier({ key: "s".repeat(32), algorithms: ["HS256"] }), realm: "r" }));
app.use("/env2/*", jwt<Context<Env>>((c) => byUrl.get(c.env.JWKS_URL)!));
app.get("/api/me", (c) => c.json({ sub: String(c.get("jwtPayload").sub), kid: c.get("jwtVerified").key.kid }));
app.get("/metrics", metricsHandler(metrics));
const own: string = jwt({ key: "k", algorithms: ["HS256"] }).metrics.prometheus();

const mw = expressJwt({
  key: "s".repeat(32),
  algorithms: ["HS256"],
  credentialsRequired: false,
  onFailure: (err, { res, status }) => {
    res.statusCode = status;
    res.end(err?.code ?? "missing");
  },
});
mw({ headers: {} }, { statusCode: 0, headersSent: false, setHeader() {}, end() {} }, () => {});

const r = await authenticate(new Request("https://x"), { key: "s".repeat(32), algorithms: ["HS256"] });
if (r.ok) {
  const sub: unknown = r.payload?.sub;
} else {
  const res: Response = r.response;
}
const auth = createAuthenticator(createVerifier({ key: "s".repeat(32), algorithms: ["HS256"] }), { realm: "x" });
auth.metrics.snapshot().accepted.toFixed();

// @ts-expect-error realm must be a string
jwt({ key: "s", algorithms: ["HS256"], realm: 1 });
// @ts-expect-error verify options need algorithms
jwt({ key: "s" });
export { own };
