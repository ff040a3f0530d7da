// The canonical formatter: `format(text)` for the studio and the CLI, `formatFile` when the
// tree is already parsed.
export { format, formatFile, type FormatResult } from './format.ts';
