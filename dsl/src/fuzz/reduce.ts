// Shrinks a failing input (delta debugging): drop chunks of lines, then of tokens-ish pieces,
// then of characters, keeping every removal after which the input still fails the same way.
// Bounded by a time budget: the result is smaller, not necessarily minimal.

export function reduce(text: string, stillFails: (candidate: string) => boolean, budgetMs = 60_000): string {
  const deadline = performance.now() + budgetMs;
  let current = text;
  const units: Array<(s: string) => string[]> = [
    (s) => s.split(/(?<=\n)/), // lines
    (s) => s.split(/(?<=[\s{}()[\],])|(?=[\s{}()[\],])/), // words and brackets
    (s) => Array.from(s), // characters (code points)
  ];
  for (const split of units) {
    let parts = split(current);
    // Character-level passes on a large input would not finish: start from big chunks anyway.
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && performance.now() < deadline) {
      let start = 0;
      let removedAny = false;
      while (start < parts.length && performance.now() < deadline) {
        const candidate = [...parts.slice(0, start), ...parts.slice(start + chunk)];
        if (candidate.length < parts.length && stillFails(candidate.join(''))) {
          parts = candidate;
          removedAny = true;
        } else start += chunk;
      }
      if (chunk > 1) chunk = Math.floor(chunk / 2);
      else if (!removedAny) break;
    }
    current = parts.join('');
  }
  return current;
}
