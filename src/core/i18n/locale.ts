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

/** Picks the viewer's language. */
export function pick(locale: Locale, text: Bilingual): string {
  return text[locale];
}

/** Same text in both languages (identifiers, user-written text). */
export function both(text: string): Bilingual {
  return { ja: text, en: text };
}

/** Joins bilingual fragments language by language. */
export function joinBilingual(parts: readonly Bilingual[], separator: Bilingual | string = ''): Bilingual {
  const sep = typeof separator === 'string' ? both(separator) : separator;
  return {
    ja: parts.map((p) => p.ja).join(sep.ja),
    en: parts.map((p) => p.en).join(sep.en),
  };
}
