// Preloaded into the server under load by bench/load.bench.ts when MOTCUA_LOAD_SQL_PROFILE=<file>
// is set: times every better-sqlite3 statement the server runs, by its SQL text, and once a
// minute appends to <file> one JSON line with the minute's statements (count, total ms), most
// time first — to see which statements grow dearer as the database grows. The server is
// otherwise unchanged; the timing adds about a microsecond per statement.
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const file = process.env['MOTCUA_LOAD_SQL_PROFILE'];
if (file) {
  // The better-sqlite3 the engine loads (statements share one prototype).
  const require = createRequire(join(process.cwd(), 'engine', 'package.json'));
  const Database = require('better-sqlite3');
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1'));
  probe.close();
  let minute = new Map();
  for (const method of ['run', 'all', 'get']) {
    const original = proto[method];
    proto[method] = function (...args) {
      const t0 = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        const e = minute.get(this.source);
        if (e) {
          e.n++;
          e.ms += ms;
        } else minute.set(this.source, { n: 1, ms });
      }
    };
  }
  const started = Date.now();
  const flush = () => {
    const rows = [...minute].map(([sql, e]) => ({ sql: sql.replace(/\s+/g, ' ').slice(0, 400), n: e.n, ms: Math.round(e.ms) })).sort((a, b) => b.ms - a.ms);
    minute = new Map();
    appendFileSync(file, JSON.stringify({ at: Math.round((Date.now() - started) / 1000), statements: rows.slice(0, 25) }) + '\n');
  };
  // MOTCUA_LOAD_SQL_PROFILE_EVERY_MS: a line per that many ms instead of per minute (short runs).
  setInterval(flush, Number(process.env['MOTCUA_LOAD_SQL_PROFILE_EVERY_MS'] ?? 60_000)).unref();
}
