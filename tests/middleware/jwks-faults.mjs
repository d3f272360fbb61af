// A JWKS server on 127.0.0.1 with fault modes, for the fault suite (faults.test.mjs): what an
// issuer's key endpoint does on a bad day. `setMode(name)` switches what it answers:
//
//   ok                 200, the current set (`setKeys`)
//   stopped            nothing listens on the port (connection refused)
//   slow-headers       the answer's headers come after `delay` ms
//   slow-body          the headers at once, the body trickles for `delay` ms
//   hang               nothing is ever answered (the socket stays open)
//   html               200 text/html (a login page or a proxy's error page)
//   500                HTTP 500
//   invalid-json       200 with a JSON text cut short
//   oversized-length   200 with Content-Length past the 512 KiB limit
//   oversized-chunked  200, chunked, no Content-Length, past the limit
//   redirect           302 to another path serving an attacker's set
//   too-many-keys      200, a set of 101 keys (the core reads at most 100)
//   corrupted-key      200, a set whose only key is corrupted (its modulus is not base64url)
//   empty-set          200, {"keys": []}
//
// Rotation is `setKeys()` with another set. Every request is counted (`hits()`), and the
// server closes every connection when closed, so no test hangs on it.
import { createServer } from "node:http";
import { once } from "node:events";

const MB = 1024 * 1024;

export async function startFaultServer(keys) {
  let current = keys;
  let mode = "ok";
  let delay = 2000;
  let hits = 0;
  let attacker = { keys: [] };
  const sockets = new Set();
  const timers = new Set();
  const later = (fn, ms) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const answer = (req, res) => {
    if (req.url === "/attacker") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(attacker));
      return;
    }
    hits++;
    const json = (status, body, headers = {}) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(body);
    switch (mode) {
      case "ok":
        return json(200, JSON.stringify(current));
      case "slow-headers":
        return later(() => !res.destroyed && json(200, JSON.stringify(current)), delay);
      case "slow-body": {
        const body = JSON.stringify(current);
        res.writeHead(200, { "content-type": "application/json" });
        res.write(body.slice(0, 10));
        return later(() => !res.destroyed && res.end(body.slice(10)), delay);
      }
      case "hang":
        return; // never answered
      case "html":
        return res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Sign in</title><p>Please sign in");
      case "500":
        return json(500, '{"error":"internal"}');
      case "invalid-json":
        return json(200, JSON.stringify(current).slice(0, -7));
      case "oversized-length": {
        const big = Buffer.alloc(MB, 0x20);
        res.writeHead(200, { "content-type": "application/json", "content-length": String(big.length) });
        return res.end(big);
      }
      case "oversized-chunked": {
        res.writeHead(200, { "content-type": "application/json" });
        for (let i = 0; i < 8; i++) res.write(Buffer.alloc(128 * 1024, 0x20));
        return res.end("{}");
      }
      case "redirect":
        return res.writeHead(302, { location: "/attacker" }).end();
      case "too-many-keys": {
        const [k] = current.keys;
        return json(200, JSON.stringify({ keys: Array.from({ length: 101 }, (_, i) => ({ ...k, kid: `${k.kid}-${i}` })) }));
      }
      case "corrupted-key":
        return json(200, JSON.stringify({ keys: current.keys.map((k) => ({ ...k, n: "!!not-base64url!!" })) }));
      case "empty-set":
        return json(200, '{"keys":[]}');
      default:
        return json(500, `{"error":"unknown mode ${mode}"}`);
    }
  };

  let server = null;
  let port = 0;
  async function listen() {
    server = createServer(answer);
    server.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    port = server.address().port;
  }
  async function stop() {
    if (!server) return;
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => s.close(resolve));
  }
  await listen();

  return {
    url: `http://127.0.0.1:${port}/jwks`,
    hits: () => hits,
    /** Switches the fault mode; "stopped" closes the port, any other mode reopens it. */
    async setMode(name, { delay: ms } = {}) {
      if (ms !== undefined) delay = ms;
      if (name === "stopped") await stop();
      else if (!server) await listen();
      // a hanging or trickling answer of the previous mode ends now
      if (mode !== name) for (const socket of sockets) if (mode === "hang" || mode.startsWith("slow")) socket.destroy();
      mode = name;
    },
    setKeys(next) {
      current = next;
    },
    setAttacker(set) {
      attacker = set;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      await stop();
    },
  };
}
