// Dossier codes of Circular 01/2018/TT-VPCP Art 19: agency unit code, receipt date YYMMDD and a
// 4-digit sequence restarting each day, e.g. 000.00.12.H40-250124-0007.

import type { Transaction } from 'kysely';
import { localParts, type EpochMs } from '../calendar/index.ts';
import { statement } from './compiled.ts';
import { StorageError } from './errors.ts';
import type { Database } from './schema.ts';

const UNIT_CODE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/;
const LOCAL_DAY = /^\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/;

/** The receipt day of an instant as YYMMDD in Vietnam's time, whatever the server's TZ. */
export function receiptDay(instant: EpochMs): string {
  const { year, month, day } = localParts(instant);
  return [year % 100, month, day].map((n) => String(n).padStart(2, '0')).join('');
}

/**
 * Takes the next number of the unit's day and returns the code. Call it in the transaction that
 * records the receipt: if that rolls back, the number is not used and the day's codes keep no gap.
 * One upsert statement on both dialects — the row lock (PostgreSQL) or BEGIN IMMEDIATE (SQLite)
 * hands each concurrent receipt its own number.
 */
export async function nextDossierCode(trx: Transaction<Database>, unitCode: string, localDay: string): Promise<string> {
  if (!UNIT_CODE.test(unitCode)) {
    throw new StorageError('invalid_argument', `Mã đơn vị không hợp lệ / invalid unit code: "${unitCode}"`);
  }
  if (!LOCAL_DAY.test(localDay)) {
    throw new StorageError('invalid_argument', `Ngày tiếp nhận phải có dạng YYMMDD / receipt day must be YYMMDD: "${localDay}"`);
  }
  const row = (await takeNumber.execute(trx, { unitCode, localDay })).rows[0];
  if (!row) throw new Error(`the daily sequence of ${unitCode} ${localDay} returned no number`);
  const { last } = row;
  // Past 9999 receipts in a day the code grows a digit rather than refuse a citizen's dossier;
  // it stays unique, which is what the code is for.
  return `${unitCode}-${localDay}-${String(last).padStart(4, '0')}`;
}

const takeNumber = statement<{ unitCode: string; localDay: string }, { last: number }>((db, p) =>
  db
    .insertInto('daily_sequences')
    .values({ unit_code: p.unitCode, day: p.localDay, last: 1 })
    .onConflict((oc) => oc.columns(['unit_code', 'day']).doUpdateSet((eb) => ({ last: eb(eb.ref('daily_sequences.last'), '+', 1) })))
    .returning('last'),
);
