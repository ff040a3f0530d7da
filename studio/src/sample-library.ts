// Fallback for when the server's studio API is not there (vite dev/preview without the server):
// the repository's procedure library, bundled as lazily loaded text. Read-only: saving,
// publishing and scenarios need the server. Remove once the server always serves the studio.
const modules = import.meta.glob<string>('../../procedures/**/*.proc', { query: '?raw', import: 'default' });

const PREFIX = '../../procedures/';

export async function loadSampleLibrary(): Promise<{ path: string; text: string }[]> {
  const entries = Object.entries(modules).filter(([key]) => !key.includes('/generator/'));
  return Promise.all(entries.map(async ([key, load]) => ({ path: key.slice(PREFIX.length), text: await load() })));
}
