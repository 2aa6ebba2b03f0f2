// Codeglass's service worker: after the first visit the app works offline.
// - The app shell (pages, scripts, styles, the wasm engine, the tables' manifest) is cached at
//   install, under the build's name (pkg/build.js changes when the engine, a page file or the
//   tables change, which updates this worker).
// - Tables are cached as they are fetched; their URLs carry their content hash (`?v=`), so a
//   cached table is used until it changes. The "keep every table" button fetches them all.
// Only same-origin GETs are handled; nothing else is ever requested. No claim or patient data
// is stored: only the static files above.
importScripts('pkg/build.js');

const SHELL = `codeglass-shell-${self.CODEGLASS_BUILD}`;
const TABLES = 'codeglass-tables';
const SHELL_FILES = [
  './', 'index.html', 'index.js', 'style.css', 'codeglass.js', 'codeglass-encoder.js',
  'codeglass-encoder.css', 'pkg/codeglass_wasm.js', 'pkg/codeglass_wasm_bg.wasm',
  'manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png', 'tables/manifest.json',
  'tables.html', 'tables.js', 'embed.html', 'embed.js', 'embed.css',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('codeglass-shell-') && name !== SHELL) await caches.delete(name);
    }
    // Tables the current manifest no longer lists (or lists with another hash) go.
    const manifest = await (await caches.match('tables/manifest.json'))?.json().catch(() => null);
    if (manifest) {
      const keep = new Set(manifest.outputs.map((o) => `${o.file}?v=${o.sha256.slice(0, 16)}`));
      const cache = await caches.open(TABLES);
      for (const req of await cache.keys()) {
        const url = new URL(req.url);
        if (!keep.has(`${url.pathname.split('/').pop()}${url.search}`)) await cache.delete(req);
      }
    }
    await self.clients.claim();
  })());
});

const isTable = (url) => url.pathname.endsWith('.cgt');

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (isTable(url)) {
    event.respondWith((async () => {
      const cache = await caches.open(TABLES);
      const hit = await cache.match(event.request);
      if (hit) return hit;
      const response = await fetch(event.request);
      if (response.ok) await cache.put(event.request, response.clone());
      return response;
    })());
    return;
  }
  // The shell: from the cache (ignoring the query: the engine's panic recovery re-imports
  // `codeglass_wasm.js?instance=N`), else from the network.
  event.respondWith((async () => {
    const hit = await caches.match(event.request, { ignoreSearch: true, cacheName: SHELL });
    return hit ?? fetch(event.request);
  })());
});
