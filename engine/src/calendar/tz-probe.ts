// Key calendar results as JSON, for the test that runs this file under other process TZs and
// checks nothing depends on the machine's time zone. Run: node --import tsx tz-probe.ts

import { pathToFileURL } from 'node:url';
import { lunarToSolar, solarToLunar } from './lunar.ts';
import { formatLocal, localDateTime as at, localParts } from './local-time.ts';
import { SATURDAY_MORNING, WorkingCalendar } from './working-calendar.ts';

export function keyResults(): Record<string, unknown> {
  // Fresh instances: nothing cached from a previous run in the same process.
  const cal = new WorkingCalendar();
  const sat = new WorkingCalendar({ week: { sat: SATURDAY_MORNING } });
  const design = at(2025, 1, 24, 10, 0);
  return {
    design: design,
    designDue: formatLocal(cal.addWorkingDays(design, 7)),
    designExplain: cal.explain(design, 7, 'working_days'),
    friday4h: formatLocal(cal.addWorkingHours(at(2025, 3, 14, 15, 0), 4)),
    lunch: formatLocal(cal.nextWorkingInstant(at(2025, 3, 12, 12, 0))),
    evening: formatLocal(cal.nextWorkingInstant(at(2025, 3, 12, 18, 0))),
    sunday: formatLocal(cal.addWorkingDays(at(2025, 3, 16, 10, 0), 1)),
    // Near US DST switches (9/3/2025, 2/11/2025) and midnight in Vietnam.
    dstSpring: formatLocal(cal.addWorkingHours(at(2025, 3, 7, 16, 0), 10)),
    dstAutumn: formatLocal(cal.addWorkingDays(at(2025, 10, 31, 23, 30), 2)),
    midnight: localParts(at(2025, 1, 1, 0, 0)),
    calendarDays: cal.explain(at(2025, 3, 5, 10, 0), 4, 'days').text,
    holidayCalendarDays: cal.describeEnd(cal.addCalendarDays(at(2025, 4, 25, 9, 0), 5)),
    makeUp: [cal.isWorkingDay(2025, 4, 26), cal.isWorkingDay(2025, 5, 2)],
    saturdayAgency: formatLocal(sat.addWorkingDays(at(2025, 3, 14, 14, 0), 1)),
    minutes: cal.workingMinutesBetween(at(2025, 1, 24, 16, 0), at(2025, 2, 3, 8, 0)),
    tet: [1985, 2025, 2030].map((y) => lunarToSolar(1, 1, y)),
    lunar: solarToLunar(2026, 2, 16),
    holidays2026: cal.holidays(2026).daysOff.map((h) => `${h.date} ${h.name}`),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(
    JSON.stringify({ tz: Intl.DateTimeFormat().resolvedOptions().timeZone, offset: new Date(Date.UTC(2025, 6, 1)).getTimezoneOffset(), results: keyResults() }),
  );
}
