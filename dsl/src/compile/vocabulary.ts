// Vietnamese words for the language's fixed vocabulary (roles, channels, levels, document
// forms, units) and for the conventional state and transition names, so a procedure that
// writes `accept -> processing` still shows "Tiếp nhận hồ sơ" to officers and on the card.

/** Labels for state names designers use by convention; a written label always wins. */
export const conventionalStateLabels: Readonly<Record<string, string>> = {
  draft: 'Soạn hồ sơ',
  submitted: 'Tiếp nhận hồ sơ',
  reception: 'Tiếp nhận hồ sơ',
  supplementing: 'Chờ bổ sung hồ sơ',
  processing: 'Xử lý hồ sơ',
  appraisal: 'Thẩm định hồ sơ',
  approval: 'Phê duyệt',
  returning: 'Trả kết quả',
  done: 'Hoàn thành',
  refused: 'Từ chối',
  stopped: 'Dừng xử lý',
  withdrawn: 'Rút hồ sơ',
};

/** The English of the conventional state labels, given when the state has no label written. */
export const conventionalStateLabelsEn: Readonly<Record<string, string>> = {
  draft: 'Preparing the dossier',
  submitted: 'Receiving the dossier',
  reception: 'Receiving the dossier',
  supplementing: 'Awaiting a supplement',
  processing: 'Processing',
  appraisal: 'Appraisal',
  approval: 'Approval',
  returning: 'Returning the result',
  done: 'Done',
  refused: 'Refused',
  stopped: 'Processing stopped',
  withdrawn: 'Withdrawn',
};

/** Labels for transition names designers use by convention. */
export const conventionalTransitionLabels: Readonly<Record<string, string>> = {
  submit: 'Nộp hồ sơ',
  accept: 'Tiếp nhận hồ sơ',
  ask_supplement: 'Yêu cầu bổ sung hồ sơ',
  resubmit: 'Nộp bổ sung hồ sơ',
  refuse: 'Từ chối giải quyết',
  approve: 'Trình phê duyệt',
  reject: 'Không phê duyệt',
  sign: 'Ký duyệt',
  return: 'Trả kết quả',
  handover: 'Chuyển xử lý',
  withdraw: 'Rút hồ sơ',
  stop: 'Dừng xử lý',
};

/** The English of the conventional transition labels, given when the transition has no label written. */
export const conventionalTransitionLabelsEn: Readonly<Record<string, string>> = {
  submit: 'Submit the dossier',
  accept: 'Receive the dossier',
  ask_supplement: 'Ask for a supplement',
  resubmit: 'Submit the supplement',
  refuse: 'Refuse',
  approve: 'Submit for approval',
  reject: 'Do not approve',
  sign: 'Sign',
  return: 'Return the result',
  handover: 'Hand over',
  withdraw: 'Withdraw the dossier',
  stop: 'Stop processing',
};

export const roleLabels: Readonly<Record<string, string>> = {
  citizen: 'Tổ chức, cá nhân',
  reception: 'Bộ phận tiếp nhận và trả kết quả',
  specialist: 'Công chức chuyên môn',
  leader: 'Lãnh đạo cơ quan',
};

/** How each channel reads in a condition ("when submitted online"). */
export const channelPhrases: Readonly<Record<string, string>> = {
  online: 'nộp trực tuyến',
  in_person: 'nộp trực tiếp',
  postal: 'nộp qua dịch vụ bưu chính',
};

export const channelLabels: Readonly<Record<string, string>> = {
  online: 'Trực tuyến',
  in_person: 'Trực tiếp',
  postal: 'Dịch vụ bưu chính',
};

/** Options of the built-in `channel`, in the order the compiler lists channels by default. */
export const CHANNELS = ['online', 'in_person', 'postal'] as const;

export const procedureLevelLabels: Readonly<Record<string, string>> = {
  full_online: 'Toàn trình',
  partial: 'Một phần',
};

export const agencyLevelLabels: Readonly<Record<string, string>> = {
  commune: 'Cấp xã',
  district: 'Cấp huyện',
  province: 'Cấp tỉnh',
  ministry: 'Cấp bộ',
};

export const documentFormLabels: Readonly<Record<string, string>> = {
  original: 'Bản chính',
  copy: 'Bản sao',
  certified_copy: 'Bản sao có chứng thực',
  electronic: 'Bản điện tử',
};

export const durationUnitWords: Readonly<Record<string, string>> = {
  working_days: 'ngày làm việc',
  working_hours: 'giờ làm việc',
  days: 'ngày',
};

export const inputLabels: Readonly<Record<string, string>> = {
  reason: 'lý do',
  note: 'ghi chú',
  missing: 'các giấy tờ cần bổ sung',
  new_date: 'ngày hẹn trả kết quả mới',
};

export const issueLabels: Readonly<Record<string, string>> = {
  receipt: 'cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  supplement_request: 'gửi Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  refusal: 'gửi Phiếu từ chối tiếp nhận, giải quyết hồ sơ',
};

/** Names of the built-in values, as they read in a condition. */
export const builtinPhrases: Readonly<Record<string, string>> = {
  channel: 'hình thức nộp',
  'form.valid': 'tờ khai hợp lệ',
  'documents.complete': 'hồ sơ đủ thành phần',
  citizen: 'số định danh của người nộp',
  today: 'ngày hiện tại',
};
