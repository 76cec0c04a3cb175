// Locales and bilingual text. Every user-facing string in Tsunagi exists in Japanese and English;
// a `Bilingual` value carries both so the choice can be made as late as the viewer is known.

export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface Bilingual {
  readonly ja: string;
  readonly en: string;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
