// Messages for the outside world (notifications, hand-overs, apology letters), written in the
// transaction of the change they announce, so a message is sent only for a change that happened.

import type { Kysely } from 'kysely';
import { statement } from './compiled.ts';
import type { JsonText } from './json-text.ts';
import type { Database, EpochMs } from './schema.ts';

export interface NewOutboxMessage {
  kind: string;
  recipient: string;
  payload: JsonText;
}

/** Queues `messages`, created at `at`, unsent, in one statement. */
export async function enqueueOutbox(trx: Kysely<Database>, messages: readonly NewOutboxMessage[], at: EpochMs): Promise<void> {
  if (messages.length === 0) return;
  const params: Record<string, unknown> = { at };
  messages.forEach((m, i) => {
    params[`kind${i}`] = m.kind;
    params[`recipient${i}`] = m.recipient;
    params[`payload${i}`] = m.payload;
  });
  await insertOutbox.execute(trx, params, messages.length);
}

/** `insert into outbox … values (…), (…)`; the shape is the number of rows. */
const insertOutbox = statement<Record<string, unknown>>((db, p, rows) =>
  db.insertInto('outbox').values(
    Array.from({ length: Number(rows) }, (_, i) => ({
      kind: p[`kind${i}`] as string,
      recipient: p[`recipient${i}`] as string,
      payload: p[`payload${i}`] as JsonText,
      created_at: p['at'] as EpochMs,
      sent_at: null,
    })),
  ),
);
