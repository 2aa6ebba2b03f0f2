// The coder and student app: the widget in `app` mode, a service worker for offline use, and
// a button that fetches every table so that all of them work offline.
import { shared } from './codeglass-encoder.js';

const $ = (id) => document.getElementById(id);
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;

async function main() {
  const status = $('status');
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js').catch((e) => { status.textContent = `Offline use unavailable: ${e.message}`; });
  }
  try {
    const cg = await shared(); // the element's engine: one per page
    // The JS API of this page's engine, for the developer console and the browser tests.
    window.codeglass = cg;
    const show = () => {
      const loaded = cg.loaded();
      const all = cg.manifest.outputs;
      status.textContent = `Tables on this device: ${loaded.length ? loaded.map((f) => f.replace('.cgt', '')).join(', ') : 'none yet'}`
        + (loaded.length < all.length ? ` (others are fetched when needed)` : ' (all)');
      document.body.dataset.tables = loaded.join(' ');
      const rest = all.filter((o) => !loaded.includes(o.file)).reduce((n, o) => n + (o.gzip_bytes ?? o.bytes), 0);
      if (!button.disabled) button.textContent = rest ? `Keep every table for offline use (${mb(rest)} more)` : 'Every table is on this device';
    };
    const button = $('offline');
    show();
    window.addEventListener('codeglass-table', show);
    window.addEventListener('codeglass-table-error', (e) => {
      status.textContent = `Could not fetch the ${e.detail.kind} table for ${e.detail.date} (${navigator.onLine ? e.detail.code : 'offline'}); the tables on this device still work.`;
    });
    button.addEventListener('click', async () => {
      button.disabled = true;
      status.textContent = 'Fetching every table…';
      try {
        await cg.ensureAll();
        show();
        button.textContent = 'Every table is on this device';
      } catch (e) {
        status.textContent = `Could not fetch every table: ${e.message}`;
        button.disabled = false;
      }
    });
    document.body.dataset.ready = 'true';
  } catch (e) {
    status.textContent = `Could not start: ${e.message}`;
    document.body.dataset.error = e.code || 'UNKNOWN';
  }
}

main();
