// User-visible text of the rules: Vietnamese first, English beside it.
export interface Bilingual {
  readonly vi: string;
  readonly en: string;
}
