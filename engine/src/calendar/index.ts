// Public API of the working-time calendar: lunar dates, Vietnamese public holidays and the
// WorkingCalendar that turns "N working days" into a due instant.

export {
  solarToLunar,
  lunarToSolar,
  tetDate,
  VIETNAM_UTC_OFFSET_HOURS,
  type LunarDate,
  type SolarDate,
} from './lunar.ts';
export {
  holidaysForYear,
  holidayNameEn,
  nationalDayAdjacent,
  LABOUR_CODE_SOURCE,
  type HolidayDay,
  type MakeUpDay,
  type Occasion,
  type ScheduleEntry,
  type YearHolidays,
} from './holidays.ts';
export { ANNOUNCED_SCHEDULES } from './schedules.ts';
export {
  localDateTime,
  localParts,
  parseLocalDateTime,
  formatLocalIso,
  localIsoDate,
  formatLocal,
  formatLocalDate,
  VIETNAM_OFFSET_MS,
  type EpochMs,
  type LocalParts,
} from './local-time.ts';
export {
  WorkingCalendar,
  nationalCalendar,
  OFFICE_HOURS,
  SATURDAY_MORNING,
  STANDARD_WEEK,
  type DayInfo,
  type DeadlineUnit,
  type Explanation,
  type Interval,
  type SkippedRange,
  type WeekHours,
  type Weekday,
  type WorkingCalendarOptions,
} from './working-calendar.ts';
