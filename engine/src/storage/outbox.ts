// Messages for the outside world (notifications, hand-overs, apology letters), written in the
// transaction of the change they announce, so a message is sent only for a change that happened.

import type { Kysely } from 'kysely';
import { insertRows } from './compiled.ts';
import type { JsonText } from './json-text.ts';
import type { Database, EpochMs } from './schema.ts';

export interface NewOutboxMessage {
  kind: string;
  recipient: string;
  payload: JsonText;
}

/** Queues `messages`, created at `at`, unsent, in one statement. */
export async function enqueueOutbox(trx: Kysely<Database>, messages: readonly NewOutboxMessage[], at: EpochMs): Promise<void> {
  await insertOutbox.execute(trx, messages.map((m) => ({ ...m, created_at: at, sent_at: null })));
}

const insertOutbox = insertRows('outbox', ['kind', 'recipient', 'payload', 'created_at', 'sent_at']);
