// A tiny static file server (Node built-ins only) for the debugger page and the browser tests.
//
//   node scripts/serve.mjs DIR [--port N] [--host 127.0.0.1]
//
// Port: --port, else $PORT, else 8080; if it is busy the next 20 are tried (--port 0 picks a free
// one). Prints "jwt-doctor debugger: http://HOST:PORT/" once listening; Ctrl-C stops it.
//
// In-process (tests):
//   import { serve } from '../../scripts/serve.mjs';
//   const { server, url } = await serve('site', { port: 0 });   // url ends with '/'
//   ...; await new Promise((r) => server.close(r));
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

const PORT_ATTEMPTS = 21; // the port asked for, then the next 20

/**
 * Serve the files of `dir`.
 * @param {string} dir
 * @param {{port?: number, host?: string, log?: boolean}} [options]
 *   port: default $PORT or 8080 (0: any free port); host: default 127.0.0.1;
 *   log: print one line per request (default false)
 * @returns {Promise<{server: import('node:http').Server, url: string}>}
 */
export async function serve(dir, { port, host = '127.0.0.1', log = false } = {}) {
  const root = await realpath(path.resolve(dir));
  if (!(await stat(root)).isDirectory()) throw new Error(`not a directory: ${dir}`);
  let first = port ?? Number(process.env.PORT || 8080);
  if (!Number.isInteger(first) || first < 0 || first > 65535) throw new Error(`bad port: ${port}`);
  const attempts = first === 0 ? 1 : PORT_ATTEMPTS;
  for (let i = 0; i < attempts && first + i <= 65535; i++) {
    const server = createServer((req, res) => {
      handle(root, req, res).catch((err) => {
        if (!res.headersSent) send(res, 500, 'internal error\n');
        else res.destroy(err);
      });
      if (log) res.on('finish', () => console.log(`${res.statusCode} ${req.method} ${req.url}`));
    });
    try {
      await listen(server, first + i, host);
    } catch (err) {
      if (err.code === 'EADDRINUSE' && i + 1 < attempts) continue;
      throw err;
    }
    const { port: actual } = server.address();
    const shownHost = host.includes(':') ? `[${host}]` : host;
    return { server, url: `http://${shownHost}:${actual}/` };
  }
  throw new Error(`ports ${first}-${first + attempts - 1} are all busy`);
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'bad request\n');
  }
  if (pathname.includes('\0')) return send(res, 400, 'bad request\n');

  // Resolve inside root and refuse anything that lands outside it (.., symlinks).
  let file = path.resolve(root, `.${path.posix.normalize(`/${pathname}`)}`);
  if (!inside(root, file)) return send(res, 403, 'forbidden\n');
  let info;
  try {
    file = await realpath(file);
    if (!inside(root, file)) return send(res, 403, 'forbidden\n');
    info = await stat(file);
    if (info.isDirectory()) {
      if (!pathname.endsWith('/')) {
        const query = new URL(req.url, 'http://localhost').search;
        return send(res, 301, 'moved\n', { Location: `${encodeURI(pathname)}/${query}` });
      }
      file = path.join(file, 'index.html');
      info = await stat(file);
    }
    if (!info.isFile()) return send(res, 404, 'not found\n');
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return send(res, 404, 'not found\n');
    throw err;
  }

  res.writeHead(200, {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  await new Promise((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    res.on('close', resolve);
    stream.pipe(res);
  });
}

function inside(root, file) {
  return file === root || file.startsWith(root + path.sep);
}

// --- command line -----------------------------------------------------------------------------
function parseArgs(argv) {
  const opts = { dir: undefined, port: undefined, host: '127.0.0.1', log: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--port' || a === '-p') opts.port = Number(value());
    else if (a.startsWith('--port=')) opts.port = Number(a.slice(7));
    else if (a === '--host') opts.host = value();
    else if (a.startsWith('--host=')) opts.host = a.slice(7);
    else if (a === '--log') opts.log = true;
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else if (opts.dir === undefined) opts.dir = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  if (opts.help || !opts.dir) {
    console.error('usage: node scripts/serve.mjs DIR [--port N] [--host 127.0.0.1] [--log]');
    process.exit(opts.help ? 0 : 2);
  }
  const { server, url } = await serve(opts.dir, opts);
  console.log(`jwt-doctor debugger: ${url}`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(1);
  });
}
