// The review as Markdown for a pull request: a summary table, then per procedure its changes
// (a ```diff block, so `+`/`-` lines and `@@ element @@` headers are highlighted), impact,
// checks and scenarios before and after.
import type { Localized } from '../diagnostics.ts';
import type { Finding, ProcedureReview, Review, ScenarioResult, ScenarioRun } from './review.ts';

type Lang = 'vi' | 'en';

const T = {
  title: { vi: 'Xem xét thay đổi thủ tục', en: 'Procedure change review' },
  compared: { vi: (b: string, h: string) => `So sánh \`${h}\` với \`${b}\`.`, en: (b: string, h: string) => `Comparing \`${h}\` with \`${b}\`.` },
  nothing: { vi: 'Không có tệp thủ tục nào thay đổi.', en: 'No procedure file changed.' },
  summary: { vi: 'Tóm tắt', en: 'Summary' },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  file: { vi: 'Tệp', en: 'File' },
  change: { vi: 'Thay đổi', en: 'Change' },
  checks: { vi: 'Kiểm tra', en: 'Checks' },
  scenarios: { vi: 'Kịch bản', en: 'Scenarios' },
  changes: { vi: 'Thay đổi về nội dung', en: 'Semantic changes' },
  impact: { vi: 'Ảnh hưởng', en: 'Impact' },
  shared: { vi: 'Tệp dùng chung', en: 'Shared files' },
  noChange: { vi: 'Không có thay đổi về nội dung.', en: 'No semantic change.' },
  noFinding: { vi: '✅ Không có lỗi hay cảnh báo.', en: '✅ No errors or warnings.' },
  unavailable: { vi: 'Chưa chạy được kịch bản (scenario runner not available).', en: 'Scenarios not run (scenario runner not available).' },
  runFailed: { vi: 'Không chạy được kịch bản', en: 'The scenarios could not run' },
  noScenario: { vi: 'Thủ tục chưa có kịch bản.', en: 'The procedure has no scenarios.' },
  before: { vi: 'Trước', en: 'Before' },
  after: { vi: 'Sau', en: 'After' },
  passed: { vi: '✅ đạt', en: '✅ passes' },
  failed: { vi: '❌ không đạt', en: '❌ fails' },
  absent: { vi: '—', en: '—' },
  status: {
    added: { vi: 'thủ tục mới', en: 'new procedure' },
    removed: { vi: 'đã xoá', en: 'removed' },
    changed: { vi: 'đã sửa', en: 'changed' },
    affected: { vi: 'dùng tệp dùng chung đã đổi', en: 'uses a changed shared file' },
  },
  fileStatus: {
    added: { vi: 'tệp mới', en: 'new file' },
    removed: { vi: 'đã xoá', en: 'removed' },
    changed: { vi: 'đã sửa', en: 'changed' },
  },
  via: { vi: 'Tệp thủ tục không đổi; thủ tục dùng', en: 'The procedure file is unchanged; it uses' },
  errors: { vi: (n: number) => `${n} lỗi`, en: (n: number) => `${n} error${n === 1 ? '' : 's'}` },
  warnings: { vi: (n: number) => `${n} cảnh báo`, en: (n: number) => `${n} warning${n === 1 ? '' : 's'}` },
  changesCount: { vi: (n: number) => `${n} thay đổi`, en: (n: number) => `${n} change${n === 1 ? '' : 's'}` },
  verdictOk: { vi: '✅ Không có lỗi; mọi kịch bản đã chạy đều đạt.', en: '✅ No errors; every scenario that ran passes.' },
  verdictBad: {
    vi: (e: number, s: number) => `❌ Cần sửa trước khi hợp nhất: ${e} lỗi, ${s} kịch bản không đạt.`,
    en: (e: number, s: number) => `❌ To fix before merging: ${e} error${e === 1 ? '' : 's'}, ${s} failing scenario${s === 1 ? '' : 's'}.`,
  },
} as const;

/** Markdown table cells hold one line and no bare `|`. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const l = (x: Localized, lang: Lang) => x[lang];

function scenarioCell(r: ScenarioResult | undefined, lang: Lang): string {
  if (!r) return T.absent[lang];
  return r.passed ? T.passed[lang] : `${T.failed[lang]}${r.failure ? `: ${cell(r.failure)}` : ''}`;
}

function scenarioSummary(s: ScenarioRun, lang: Lang): string {
  if (s.state === 'unavailable') return lang === 'vi' ? 'chưa chạy' : 'not run';
  if (s.state === 'failed') return lang === 'vi' ? '❌ lỗi khi chạy' : '❌ could not run';
  const after = s.rows.filter((r) => r.after);
  const before = s.rows.filter((r) => r.before);
  if (!after.length && !before.length) return T.absent[lang];
  const ok = after.filter((r) => r.after!.passed).length;
  const okBefore = before.filter((r) => r.before!.passed).length;
  const mark = ok === after.length ? '✅' : '❌';
  return `${mark} ${ok}/${after.length}${before.length ? ` (${lang === 'vi' ? 'trước' : 'before'} ${okBefore}/${before.length})` : ''}`;
}

function findingsSummary(fs: readonly Finding[], lang: Lang): string {
  const e = fs.filter((f) => f.severity === 'error').length;
  const w = fs.length - e;
  if (!fs.length) return '✅';
  return [e ? `❌ ${T.errors[lang](e)}` : '', w ? `⚠️ ${T.warnings[lang](w)}` : ''].filter(Boolean).join(', ');
}

const finding = (f: Finding, lang: Lang) =>
  `- ${f.severity === 'error' ? '❌' : '⚠️'} ${f.severity} **${f.code}**${f.at ? ` \`${f.at}\`` : ''}: ${f.message[lang]}`;

function procedureSection(p: ProcedureReview, lang: Lang): string[] {
  const out: string[] = [];
  const files = p.file.before && p.file.after && p.file.before !== p.file.after ? `\`${p.file.before}\` → \`${p.file.after}\`` : `\`${p.file.after ?? p.file.before}\``;
  const version =
    p.version.before && p.version.after && p.version.before !== p.version.after ? `version ${p.version.before} → ${p.version.after}`
    : `version ${p.version.after ?? p.version.before ?? '∅'}`;
  out.push(`## \`${p.id}\` — ${p.title}`, '', `${files} · ${T.status[p.status][lang]} · ${version}`, '');

  out.push(`### ${T.changes[lang]}`, '');
  if (p.status === 'affected') out.push(`${T.via[lang]} ${p.via.map((v) => `\`${v}\``).join(', ')}.`, '');
  else if (!p.hunks.length) out.push(T.noChange[lang], '');
  else {
    out.push('```diff');
    for (const h of p.hunks) {
      out.push(`@@ ${h.path} @@`);
      for (const c of h.changes) out.push(`${c.text[lang]}  (${c.at}${c.old ? (lang === 'vi' ? ', bản cũ' : ', old') : ''})`);
    }
    out.push('```', '');
  }
  if (p.diff?.impact.length) out.push(`### ${T.impact[lang]}`, '', ...p.diff.impact.map((i) => `- ${i[lang]}`), '');

  out.push(`### ${T.checks[lang]}`, '', ...(p.findings.length ? p.findings.map((f) => finding(f, lang)) : [T.noFinding[lang]]), '');

  out.push(`### ${T.scenarios[lang]}`, '');
  const s = p.scenarios;
  if (s.state === 'unavailable') out.push(T.unavailable[lang], '');
  else if (s.state === 'failed') out.push(`❌ ${T.runFailed[lang]}: ${s.message}`, '');
  else if (!s.rows.length) out.push(T.noScenario[lang], '');
  else {
    out.push(`| ${T.scenarios[lang]} | ${T.before[lang]} | ${T.after[lang]} |`, '| --- | --- | --- |');
    for (const r of s.rows) out.push(`| \`${r.id}\` ${cell(r.label)} | ${scenarioCell(r.before, lang)} | ${scenarioCell(r.after, lang)} |`);
    out.push('');
  }
  return out;
}

export function renderReview(review: Review, lang: Lang = 'vi'): string {
  const out: string[] = [`# ${T.title[lang]}`, '', T.compared[lang](review.base, review.head), ''];
  if (!review.procedures.length && !review.shared.length) return [...out, T.nothing[lang], ''].join('\n');

  out.push(
    review.errors || review.failingScenarios ? T.verdictBad[lang](review.errors, review.failingScenarios) : T.verdictOk[lang],
    '',
    `## ${T.summary[lang]}`,
    '',
    `| ${T.procedure[lang]} | ${T.file[lang]} | ${T.change[lang]} | ${T.checks[lang]} | ${T.scenarios[lang]} |`,
    '| --- | --- | --- | --- | --- |',
  );
  for (const p of review.procedures) {
    const n = p.diff?.changes.length ?? 0;
    const what = p.status === 'changed' ? `${T.status.changed[lang]}: ${n ? T.changesCount[lang](n) : T.noChange[lang].replace(/\.$/, '').toLowerCase()}` : T.status[p.status][lang];
    out.push(`| \`${p.id}\` ${cell(p.title)} | \`${p.file.after ?? p.file.before}\` | ${what} | ${findingsSummary(p.findings, lang)} | ${scenarioSummary(p.scenarios, lang)} |`);
  }
  out.push('');

  if (review.shared.length) {
    out.push(`## ${T.shared[lang]}`, '');
    for (const s of review.shared) {
      out.push(`### \`${s.file}\` — ${l(T.fileStatus[s.status], lang)}`, '', '```diff');
      for (const c of s.changes) out.push(`${c.text[lang]}  (${c.at}${c.old ? (lang === 'vi' ? ', bản cũ' : ', old') : ''})`);
      out.push('```', '');
      if (s.findings.length) out.push(...s.findings.map((f) => finding(f, lang)), '');
    }
  }
  for (const p of review.procedures) out.push(...procedureSection(p, lang));
  return out.join('\n').replace(/\n+$/, '\n');
}
