// Deadline timers (due-soon warnings, overdue marks, SLA breaches) fired from the server
// process. Safe with several processes on one PostgreSQL database: a timer leaves its dossier's
// row in the revision-checked transaction that acts on it, so it acts once (engine.runTimers).
import { createLogger, type Logger } from '../log.ts';
import type { Runtime } from './runtime.ts';

export function startScheduler(
  runtime: Pick<Runtime, 'engine' | 'secret'>,
  workerId: string,
  everyMs = 15_000,
  logger: Logger = createLogger({ secrets: [runtime.secret] }),
): { stop(): void; tick(): Promise<number> } {
  let running = false;
  const tick = async (): Promise<number> => {
    if (running) return 0;
    running = true;
    try {
      // Everything due by now, 100 dossiers at a time (engine.runTimers goes on by itself).
      return await runtime.engine.runTimers(workerId, 100, (dossier, e) =>
        logger.error(`motcua: không chạy được hẹn giờ của hồ sơ ${dossier} (could not fire the timers of dossier ${dossier}): ${e instanceof Error ? e.message : String(e)}`),
      );
    } catch (e) {
      logger.error(`motcua: bộ hẹn giờ lỗi (scheduler error): ${e instanceof Error ? e.message : String(e)}`);
      return 0;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer), tick };
}
