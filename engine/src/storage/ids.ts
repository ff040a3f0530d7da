// Dossier ids: UUIDs of version 7 (RFC 9562), which begin with the millisecond they were made at,
// so that ordering by id is ordering by creation. The officer queue breaks ties by id — every
// dossier waiting for reception has no due time yet — and so lists the oldest first; and new rows
// go to the end of the primary-key index instead of a random page of it.
import { randomBytes } from 'node:crypto';

let lastMs = -1;
let sequence = 0;

/**
 * A version-7 UUID for the instant `now` (the engine's clock, virtual in tests and scenarios).
 * Ids made in one process increase strictly: within one millisecond a 12-bit counter orders them
 * (`rand_a`, RFC 9562 §6.2 method 1), and past 4,096 the timestamp is borrowed from the next
 * millisecond. A clock set back by more than a second (a virtual clock's restart) starts over from it.
 */
export function timeOrderedId(now: number): string {
  const ms = Math.floor(now);
  if (ms > lastMs || ms < lastMs - 1000) {
    lastMs = ms;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMs++;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  // 48-bit big-endian timestamp.
  let t = lastMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = t % 256;
    t = Math.floor(t / 256);
  }
  bytes[6] = 0x70 | (sequence >> 8); // version 7, then the counter's high 4 bits
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f); // variant 10, then 62 random bits
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
