// Holiday schedules the Government announced for 2024–2026, kept as data with their legal source;
// each entry replaces the Labour Code default for its occasion and year (see holidays.ts).

import type { ScheduleEntry } from './holidays.ts';

const LAW = 'Bộ luật Lao động 2019, Điều 112';

export const ANNOUNCED_SCHEDULES: readonly ScheduleEntry[] = [
  // ---- 2024 ----
  {
    year: 2024,
    occasion: 'new_year',
    off: { from: '2024-01-01', to: '2024-01-01' },
    source: LAW,
    confirmed: true,
    note: 'Thứ Hai, không hoán đổi.',
  },
  {
    year: 2024,
    occasion: 'tet',
    off: { from: '2024-02-08', to: '2024-02-14' },
    // The notice counts 5 Tết days (29 Chạp – mùng 3) and 2 compensatory days for the weekend inside.
    dayNames: { '2024-02-13': 'Nghỉ bù Tết Nguyên đán', '2024-02-14': 'Nghỉ bù Tết Nguyên đán' },
    source: 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động – Thương binh và Xã hội',
    confirmed: true,
  },
  {
    year: 2024,
    occasion: 'hung_kings',
    off: { from: '2024-04-18', to: '2024-04-18' },
    source: LAW,
    confirmed: true,
    note: 'Thứ Năm 18/4/2024 (10/3 Giáp Thìn), không hoán đổi.',
  },
  {
    year: 2024,
    occasion: 'reunification_labour',
    off: { from: '2024-04-27', to: '2024-05-01' },
    dayNames: {
      '2024-04-29': 'Nghỉ hoán đổi',
      '2024-04-30': 'Ngày Giải phóng miền Nam',
      '2024-05-01': 'Quốc tế Lao động',
    },
    makeUp: [{ date: '2024-05-04', swappedFor: '2024-04-29' }],
    source: 'Công văn 2450/VPCP-KGVX ngày 12/4/2024 của Văn phòng Chính phủ (hoán đổi ngày làm việc dịp 30/4 và 1/5/2024)',
    confirmed: true,
  },
  {
    year: 2024,
    occasion: 'national_day',
    off: { from: '2024-08-31', to: '2024-09-03' },
    source: 'Thông báo 5015/TB-LĐTBXH ngày 22/11/2023 của Bộ Lao động – Thương binh và Xã hội',
    confirmed: true,
  },

  // ---- 2025 ----
  {
    year: 2025,
    occasion: 'new_year',
    off: { from: '2025-01-01', to: '2025-01-01' },
    source: LAW,
    confirmed: true,
    note: 'Thứ Tư, không hoán đổi.',
  },
  {
    year: 2025,
    occasion: 'tet',
    // 5 Tết weekdays 27/1–31/1 plus the two weekends around them; no make-up day.
    off: { from: '2025-01-25', to: '2025-02-02' },
    source: 'Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ (nghỉ Tết Âm lịch và một số dịp lễ năm 2025)',
    confirmed: true,
  },
  {
    year: 2025,
    occasion: 'hung_kings',
    off: { from: '2025-04-07', to: '2025-04-07' },
    source: LAW,
    confirmed: true,
    note: 'Thứ Hai 7/4/2025 (10/3 Ất Tỵ).',
  },
  {
    year: 2025,
    occasion: 'reunification_labour',
    off: { from: '2025-04-30', to: '2025-05-04' },
    dayNames: {
      '2025-04-30': 'Ngày Giải phóng miền Nam',
      '2025-05-01': 'Quốc tế Lao động',
      '2025-05-02': 'Nghỉ hoán đổi',
    },
    makeUp: [{ date: '2025-04-26', swappedFor: '2025-05-02' }],
    source: 'Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ (nghỉ Tết Âm lịch và một số dịp lễ năm 2025)',
    confirmed: true,
  },
  {
    year: 2025,
    occasion: 'national_day',
    off: { from: '2025-08-30', to: '2025-09-02' },
    source: 'Công văn 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ (nghỉ Tết Âm lịch và một số dịp lễ năm 2025)',
    confirmed: true,
  },

  // ---- 2026 ----
  {
    year: 2026,
    occasion: 'new_year',
    off: { from: '2026-01-01', to: '2026-01-04' },
    dayNames: { '2026-01-02': 'Nghỉ hoán đổi' },
    makeUp: [{ date: '2026-01-10', swappedFor: '2026-01-02' }],
    source: 'Công văn 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (nghỉ Tết Dương lịch 2026)',
    confirmed: true,
  },
  {
    year: 2026,
    occasion: 'tet',
    // 5 Tết weekdays 16/2 (29 Chạp Ất Tỵ) – 20/2 (mùng 4 Bính Ngọ) plus both weekends; no make-up day.
    off: { from: '2026-02-14', to: '2026-02-22' },
    source: 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ',
    confirmed: true,
  },
  {
    year: 2026,
    occasion: 'hung_kings',
    off: { from: '2026-04-26', to: '2026-04-27' },
    dayNames: { '2026-04-27': 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    source: `${LAW} khoản 1, 3`,
    confirmed: true,
    note: '10/3 Bính Ngọ là Chủ nhật 26/4/2026, nghỉ bù thứ Hai 27/4; không có hoán đổi (Thanh Niên 23/02/2026).',
  },
  {
    year: 2026,
    occasion: 'reunification_labour',
    off: { from: '2026-04-30', to: '2026-05-01' },
    dayNames: { '2026-04-30': 'Ngày Giải phóng miền Nam', '2026-05-01': 'Quốc tế Lao động' },
    source: LAW,
    confirmed: true,
    note: 'Thứ Năm và thứ Sáu; không có hoán đổi (Thanh Niên 23/02/2026).',
  },
  {
    year: 2026,
    occasion: 'national_day',
    // UNCONFIRMED. Thông báo 9441/TB-BNV (16/10/2025) also fixed Quốc khánh 2026, and the press
    // reported a proposal of 5 days around 2/9 (with a swapped weekday and a make-up Saturday),
    // but the adopted days could not be checked. Until they are, this is the derived rule:
    // 2/9 is a Wednesday, so the adjacent day is 1/9 (see nationalDayAdjacent).
    off: { from: '2026-09-01', to: '2026-09-02' },
    source: `${LAW} (quy tắc mặc định; cần đối chiếu Thông báo 9441/TB-BNV ngày 16/10/2025)`,
    confirmed: false,
  },
];
