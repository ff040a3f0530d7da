// Preloaded into the server under load by bench/load.bench.ts (`node --import tsx --import
// ./bench/load/heap-probe.mjs server/src/main.ts`): on SIGUSR2 the server prints one line of
// process.memoryUsage(), so the bench reads the V8 heap beside the RSS it reads from /proc.
// Nothing of the server is changed; without the preload SIGUSR2 would kill the process.
process.on('SIGUSR2', () => {
  const m = process.memoryUsage();
  process.stdout.write(`@@mem ${JSON.stringify({ at: Date.now(), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
});
