// Shared by the browser tests: the project's own server on a free loopback port, headless
// Debian Chromium with every background service off and a net log, and the net-log audit.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const OUT = process.env.E2E_OUT || join(ROOT, 'tests/e2e/out');
mkdirSync(OUT, { recursive: true });

/** Starts `codeglass serve` on 127.0.0.1 with a free port; resolves to { url, stop }. */
export function startServer({ log = false } = {}) {
  const bin = process.env.CODEGLASS_BIN || join(ROOT, 'target/release/codeglass');
  const args = ['serve', '--dir', join(ROOT, 'www'), '--port', '0', ...(log ? ['--log'] : [])];
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  return new Promise((ok, fail) => {
    let seen = '';
    let started = false;
    const timer = setTimeout(() => fail(new Error(`server did not start: ${seen}`)), 10_000);
    child.on('error', fail);
    // The first line names the address; with --log, each later line is one response.
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      if (started) return;
      const m = seen.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        started = true;
        clearTimeout(timer);
        ok({ url: m[0], stop: () => child.kill(), log: () => seen.split('\n').slice(1).filter(Boolean) });
      }
    });
  });
}

/** Launches headless Chromium (fresh profile) that can reach nothing but loopback, logging the network. */
export async function launch() {
  const dir = mkdtempSync(join(tmpdir(), 'codeglass-chromium-'));
  const netLog = join(dir, 'netlog.json');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
      `--log-net-log=${netLog}`,
      // For a diagnosis only (never in a reported run): V8 flags, e.g. --liftoff-only.
      ...(process.env.CODEGLASS_JS_FLAGS ? [`--js-flags=${process.env.CODEGLASS_JS_FLAGS}`] : []),
    ],
  });
  return { browser, netLog };
}

/** Opens a page that records requests and CSP violations. */
export async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const requests = [];
  const failures = []; // responses >= 400, and console errors (a missing favicon shows only there)
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('console', (m) => { if (m.type() === 'error') failures.push(`console: ${m.text()}`); });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  return { context, page, requests, failures };
}

/** Chromium's IPv6 reachability probe: a UDP connect() that sends nothing. */
const IPV6_PROBE = '[2001:4860:4860::8888]:443';

/**
 * Reads Chromium's net log (after the browser closed) and reports DNS transactions, UDP
 * datagrams sent, UDP connects other than the IPv6 reachability probe, and the address of
 * every TCP connection attempt.
 */
export function auditNetLog(file) {
  const text = readFileSync(file, 'utf8').trim();
  let log;
  try {
    log = JSON.parse(text);
  } catch {
    // A log cut short by the browser's exit lacks its closing brackets.
    log = JSON.parse(`${text.replace(/,\s*$/, '')}]}`);
  }
  const names = Object.fromEntries(Object.entries(log.constants.logEventTypes).map(([k, v]) => [v, k]));
  const dns = [];
  const udp = [];
  const tcp = [];
  for (const e of log.events) {
    const name = names[e.type];
    if (name === 'DNS_TRANSACTION') dns.push(e.params);
    if (name === 'UDP_BYTES_SENT' || name === 'UDP_SEND_ERROR') udp.push(name);
    if (name === 'UDP_CONNECT' && e.params && e.params.address && e.params.address !== IPV6_PROBE) {
      udp.push(`UDP_CONNECT ${e.params.address}`);
    }
    if (name === 'TCP_CONNECT_ATTEMPT' && e.params && e.params.address) tcp.push(e.params.address);
  }
  return { dns, udp, tcp, events: log.events.length };
}

/**
 * Asserts that nothing left the page's origin: every request the pages made is same-origin,
 * and Chromium's net log (read after the browser closed) shows no DNS query, no UDP and TCP
 * only to the server.
 */
export function assertStaysHome({ requests, netLog, serverUrl }) {
  const origin = new URL(serverUrl).origin;
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), [], 'every request goes to the page origin');
  const net = auditNetLog(netLog);
  assert.ok(net.events > 0, 'the net log was written');
  assert.deepEqual(net.dns, [], 'no DNS query');
  assert.deepEqual(net.udp, [], 'no UDP datagram, no UDP peer');
  assert.ok(net.tcp.length > 0);
  assert.deepEqual([...new Set(net.tcp)], [`127.0.0.1:${new URL(serverUrl).port}`], 'TCP only to the page origin');
}

/** The project's CSP (www/index.html), sent as a header by `serveStatic`. */
export const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self'; worker-src 'self'; manifest-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.wasm': 'application/wasm', '.cgt': 'application/octet-stream', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon',
};

/**
 * Serves a built application's folder on 127.0.0.1 with the project's CSP as a header, as a
 * static host would. With `fallback`, a missing path gets index.html (200, text/html), like an
 * SPA host or a dev server. Resolves to { url, stop, requests }.
 */
export async function serveStatic(dir, { fallback = true } = {}) {
  const { createServer } = await import('node:http');
  const { extname, normalize } = await import('node:path');
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    let file = join(dir, normalize(path).replace(/^(\.\.[/\\])+/, ''));
    if (path.endsWith('/')) file = join(file, 'index.html');
    let body;
    try {
      body = readFileSync(file);
    } catch {
      if (!fallback) {
        res.writeHead(404, { 'Content-Security-Policy': CSP });
        res.end();
        return;
      }
      file = join(dir, 'index.html');
      body = readFileSync(file);
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-store',
    });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close(), requests };
}
