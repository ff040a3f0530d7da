// Vietnamese personal names for the synthetic population: family names weighted roughly by how
// common they are, middle and given names by gender. All strings are NFC.

/** [family name, relative frequency] */
export const familyNames: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 5], ['Huỳnh', 4], ['Phan', 4], ['Vũ', 4],
  ['Võ', 3], ['Đặng', 2], ['Bùi', 2], ['Đỗ', 2], ['Hồ', 2], ['Ngô', 2], ['Dương', 1], ['Lý', 1], ['Đinh', 1],
  ['Trương', 1], ['Mai', 1], ['Đào', 1],
];

export const middleNames = {
  nam: ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thành', 'Công', 'Xuân', 'Ngọc', 'Quốc', 'Gia', 'Anh'],
  nu: ['Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Phương', 'Kim', 'Bảo', 'Khánh', 'Mai'],
} as const;

export const givenNames = {
  nam: [
    'An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khang', 'Khoa', 'Kiên', 'Long',
    'Lâm', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Tài', 'Thắng', 'Thịnh', 'Toàn', 'Trung',
    'Tuấn', 'Việt', 'Vinh', 'Bảo', 'Đăng',
  ],
  nu: [
    'Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hoa', 'Hương', 'Huyền', 'Lan', 'Linh', 'Loan', 'Mai',
    'My', 'Ngân', 'Ngọc', 'Nhung', 'Oanh', 'Phương', 'Quỳnh', 'Tâm', 'Thảo', 'Trang', 'Uyên', 'Vân', 'Vy', 'Yến',
  ],
} as const;
