// The studio's language worker: owns the workspace and answers the page (see ../protocol.ts).
import { keywordList } from '@motcua/dsl';
import type { FromWorker, ToWorker } from '../protocol.ts';
import { services } from './services.ts';
import { LanguageSession } from './session.ts';

interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const session = new LanguageSession(
  (m) => scope.postMessage(m),
  services,
  (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
);
scope.onmessage = (event) => session.handle(event.data);
scope.postMessage({ type: 'ready', keywords: keywordList });
