// Where the synthetic citizens live: the 34 provinces and centrally-run cities after the 2025
// merger (Resolution 202/2025/QH15), each with the birth-registration codes of the provinces
// merged into it, and — for the ones the generator uses — a few wards (phường) and communes (xã).
// Ward names are plausible, mostly those of the new two-level administration; not a gazetteer.

export interface Province {
  /** "thành phố Hà Nội", "tỉnh Quảng Ninh" — as written at the end of an address. */
  readonly name: string;
  /** Birth-registration codes (Circular 59/2021/TT-BCA) of the former provinces it took in. */
  readonly oldCodes: readonly string[];
  readonly wards: readonly string[];
  readonly communes: readonly string[];
  /** How many households of the sample live there, relative to the others. */
  readonly weight: number;
}

const p = (name: string, oldCodes: string[], weight = 0, wards: string[] = [], communes: string[] = []): Province => ({
  name,
  oldCodes,
  wards: wards.map((w) => `phường ${w}`),
  communes: communes.map((c) => `xã ${c}`),
  weight,
});

export const provinces: readonly Province[] = [
  p('thành phố Hà Nội', ['001'], 8,
    ['Hoàn Kiếm', 'Cửa Nam', 'Ba Đình', 'Ngọc Hà', 'Giảng Võ', 'Hai Bà Trưng', 'Bạch Mai', 'Đống Đa', 'Láng', 'Ô Chợ Dừa', 'Cầu Giấy', 'Nghĩa Đô', 'Thanh Xuân', 'Khương Đình', 'Long Biên', 'Hà Đông', 'Tây Hồ'],
    ['Sóc Sơn', 'Đông Anh', 'Gia Lâm', 'Thạch Thất', 'Ba Vì']),
  p('thành phố Huế', ['046'], 2, ['Thuận Hóa', 'Phú Xuân', 'Kim Long', 'Vỹ Dạ', 'Hương Thủy'], ['Phú Lộc', 'Phú Vinh']),
  p('tỉnh Lai Châu', ['012']),
  p('tỉnh Điện Biên', ['011']),
  p('tỉnh Sơn La', ['014']),
  p('tỉnh Lạng Sơn', ['020']),
  p('tỉnh Quảng Ninh', ['022'], 4, ['Hồng Gai', 'Bãi Cháy', 'Hạ Long', 'Cao Xanh', 'Hà Lầm', 'Cẩm Phả', 'Uông Bí', 'Móng Cái 1'], ['Quảng La', 'Đầm Hà']),
  p('tỉnh Thanh Hóa', ['038'], 3, ['Hạc Thành', 'Hàm Rồng', 'Sầm Sơn'], ['Hoằng Hóa', 'Quảng Phú', 'Thọ Xuân']),
  p('tỉnh Nghệ An', ['040'], 3, ['Thành Vinh', 'Trường Vinh', 'Vinh Hưng', 'Cửa Lò'], ['Diễn Châu', 'Nghi Lộc', 'Yên Thành']),
  p('tỉnh Hà Tĩnh', ['042']),
  p('tỉnh Cao Bằng', ['004']),
  p('tỉnh Tuyên Quang', ['008', '002']),
  p('tỉnh Lào Cai', ['010', '015']),
  p('tỉnh Thái Nguyên', ['019', '006']),
  p('tỉnh Phú Thọ', ['025', '026', '017']),
  p('tỉnh Bắc Ninh', ['027', '024'], 2, ['Kinh Bắc', 'Võ Cường', 'Từ Sơn', 'Bắc Giang'], ['Yên Dũng', 'Lạng Giang']),
  p('tỉnh Hưng Yên', ['033', '034']),
  p('thành phố Hải Phòng', ['031', '030'], 3, ['Hồng Bàng', 'Ngô Quyền', 'Lê Chân', 'Hải An', 'Kiến An', 'Hải Dương', 'Thành Đông'], ['An Lão', 'Vĩnh Bảo']),
  p('tỉnh Ninh Bình', ['037', '035', '036'], 2, ['Hoa Lư', 'Tam Điệp', 'Nam Định', 'Phủ Lý'], ['Gia Viễn', 'Ý Yên']),
  p('tỉnh Quảng Trị', ['045', '044']),
  p('thành phố Đà Nẵng', ['048', '049'], 3, ['Hải Châu', 'Hòa Cường', 'Thanh Khê', 'Sơn Trà', 'Ngũ Hành Sơn', 'Tam Kỳ', 'Hội An'], ['Hòa Vang', 'Bà Nà']),
  p('tỉnh Quảng Ngãi', ['051', '062']),
  p('tỉnh Gia Lai', ['064', '052']),
  p('tỉnh Khánh Hòa', ['056', '058'], 2, ['Nha Trang', 'Bắc Nha Trang', 'Tây Nha Trang', 'Cam Ranh', 'Phan Rang'], ['Diên Khánh']),
  p('tỉnh Lâm Đồng', ['068', '067', '060'], 2, ['Xuân Hương – Đà Lạt', 'Lâm Viên – Đà Lạt', 'Bảo Lộc 1', 'Gia Nghĩa', 'Phan Thiết'], ['Đức Trọng']),
  p('tỉnh Đắk Lắk', ['066', '054'], 1, ['Buôn Ma Thuột', 'Tân Lập', 'Tuy Hòa'], ['Ea Kar']),
  p('thành phố Hồ Chí Minh', ['079', '074', '077'], 8,
    ['Sài Gòn', 'Bến Thành', 'Tân Định', 'Cầu Ông Lãnh', 'Bàn Cờ', 'Xuân Hòa', 'Chợ Lớn', 'Gò Vấp', 'Bình Thạnh', 'Tân Bình', 'Thủ Đức', 'Thủ Dầu Một', 'Vũng Tàu', 'Bà Rịa'],
    ['Củ Chi', 'Cần Giờ', 'Nhà Bè']),
  p('tỉnh Đồng Nai', ['075', '070']),
  p('tỉnh Tây Ninh', ['072', '080']),
  p('thành phố Cần Thơ', ['092', '093', '094'], 2, ['Ninh Kiều', 'Cái Khế', 'Tân An', 'Bình Thủy', 'Cái Răng', 'Vị Thanh', 'Sóc Trăng'], ['Phong Điền']),
  p('tỉnh Vĩnh Long', ['086', '083', '084']),
  p('tỉnh Đồng Tháp', ['087', '082']),
  p('tỉnh Cà Mau', ['096', '095']),
  p('tỉnh An Giang', ['089', '091']),
];

/** Streets found in most Vietnamese towns. */
export const streets: readonly string[] = [
  'Lê Lợi', 'Trần Hưng Đạo', 'Nguyễn Trãi', 'Hai Bà Trưng', 'Lý Thường Kiệt', 'Quang Trung', 'Trần Phú',
  'Nguyễn Du', 'Phan Chu Trinh', 'Lê Duẩn', 'Hùng Vương', 'Điện Biên Phủ', 'Bạch Đằng', 'Ngô Quyền',
  'Lê Thánh Tông', 'Nguyễn Huệ', 'Phan Đình Phùng', 'Hoàng Diệu', 'Trần Quốc Toản', 'Nguyễn Thị Minh Khai',
  'Võ Thị Sáu', 'Lê Hồng Phong', 'Nguyễn Văn Linh', 'Cách Mạng Tháng Tám', 'Nguyễn Văn Cừ', 'Tôn Đức Thắng',
  'Lý Tự Trọng', 'Hàm Nghi', 'Phạm Ngũ Lão', 'Đinh Tiên Hoàng',
];

/** Tax-office prefixes of enterprise codes (mã số doanh nghiệp), for the cities the sample registers businesses in. */
export const taxPrefixes: Readonly<Record<string, string>> = {
  'thành phố Hà Nội': '01',
  'thành phố Hải Phòng': '02',
  'thành phố Hồ Chí Minh': '03',
  'thành phố Đà Nẵng': '04',
};

/** The short name of a province, for hospital names: "tỉnh Quảng Ninh" → "Quảng Ninh". */
export function shortName(province: Province): string {
  return province.name.replace(/^(tỉnh|thành phố) /, '');
}
