// Type check of the middleware declarations alone, every .d.ts checked (no framework types).
import { jwt, type HonoJwtMiddleware } from "jwt-doctor/hono";
import { jwt as expressJwt, metricsHandler } from "jwt-doctor/express";
import { authenticate, type AuthResult } from "jwt-doctor/fetch";
const h: HonoJwtMiddleware = jwt({ key: "s".repeat(32), algorithms: ["HS256"] });
const e = expressJwt({ key: "s".repeat(32), algorithms: ["HS256"] });
const m = metricsHandler(e.metrics);
const r: Promise<AuthResult> = authenticate(new Request("https://x"), { key: "s".repeat(32), algorithms: ["HS256"] });
export { h, m, r };
