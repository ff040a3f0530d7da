// Personal identification numbers (số định danh cá nhân), Circular 59/2021/TT-BCA Art 7: 3 digits
// for the province where the birth was registered, 1 digit for gender and century of birth,
// 2 digits for the year of birth, 6 random digits.

/**
 * Province codes of birth registration (the 63 provinces before the 2025 merger; numbers
 * already issued keep them).
 */
export const birthProvinceCodes: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa – Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

export type Gender = 'nam' | 'nu';

/** The 4th digit: 0/1 male/female born 1900–1999, 2/3 born 2000–2099, then 4/5, 6/7, 8/9 for later centuries. */
export function genderCenturyDigit(gender: Gender, birthYear: number): string {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) throw new Error(`năm sinh ngoài phạm vi mã (birth year out of range): ${birthYear}`);
  return String(century * 2 + (gender === 'nu' ? 1 : 0));
}

/** The first six digits of a personal id: province, gender/century, year. */
export function personalIdPrefix(provinceCode: string, gender: Gender, birthYear: number): string {
  if (!(provinceCode in birthProvinceCodes)) throw new Error(`mã tỉnh không có (unknown province code): ${provinceCode}`);
  return `${provinceCode}${genderCenturyDigit(gender, birthYear)}${String(birthYear % 100).padStart(2, '0')}`;
}

export interface DecodedPersonalId {
  readonly provinceCode: string;
  readonly province: string;
  readonly gender: Gender;
  readonly birthYear: number;
}

/** Reads a personal id; undefined when it is not 12 digits from a known province. */
export function decodePersonalId(id: string): DecodedPersonalId | undefined {
  if (!/^\d{12}$/.test(id)) return undefined;
  const provinceCode = id.slice(0, 3);
  const province = birthProvinceCodes[provinceCode];
  if (!province) return undefined;
  const d = Number(id[3]);
  return { provinceCode, province, gender: d % 2 === 0 ? 'nam' : 'nu', birthYear: 1900 + Math.floor(d / 2) * 100 + Number(id.slice(4, 6)) };
}

/** What is wrong with a person's id given their recorded birth date and gender (empty when nothing). */
export function personalIdProblems(id: string, person: { readonly birth_date?: unknown; readonly gender?: unknown }): string[] {
  if (!/^\d{12}$/.test(id)) return [`${id}: không phải 12 chữ số (not 12 digits)`];
  const decoded = decodePersonalId(id);
  if (!decoded) return [`${id}: mã tỉnh ${id.slice(0, 3)} không có trong danh mục (unknown province code)`];
  const problems: string[] = [];
  const year = typeof person.birth_date === 'string' ? Number(person.birth_date.slice(0, 4)) : NaN;
  if (decoded.birthYear !== year) problems.push(`${id}: mã ghi năm sinh ${decoded.birthYear}, ngày sinh là ${String(person.birth_date)}`);
  if (decoded.gender !== person.gender) problems.push(`${id}: mã ghi giới tính ${decoded.gender}, dữ liệu là ${String(person.gender)}`);
  return problems;
}
