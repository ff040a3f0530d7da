// Reference for `motcua check` of a directory: a bare Node process that finds and reads the
// same .proc files and does nothing else. Plain JS, so no loader stands in the way.
// Usage: node bench/cold/read-files.mjs <dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let files = 0;
let bytes = 0;
const visit = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) visit(p);
    else if (e.name.endsWith('.proc')) {
      bytes += readFileSync(p, 'utf8').length;
      files++;
    }
  }
};
visit(process.argv[2]);
console.log(JSON.stringify({ files, bytes }));
