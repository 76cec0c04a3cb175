// Durations as people type them in chat ("30m", "1h30m", "2時間", "PT30M") and as they read them.
import type { Bilingual } from '../i18n/locale.js';

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  sec: 1_000,
  秒: 1_000,
  m: 60_000,
  min: 60_000,
  分: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  時間: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  日: 86_400_000,
};

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
const HUMAN_PART = /(\d+)\s*(days|day|時間|sec|min|hr|[smhd秒分日])/gy;

/** Parses a duration into milliseconds; returns undefined when the text is not a duration. */
export function parseDuration(input: string): number | undefined {
  const text = input.normalize('NFKC').trim();
  if (text === '') return undefined;
  const iso = ISO_DURATION.exec(text);
  if (iso && text.length > 1 && text.toUpperCase() !== 'PT') {
    const [, d, h, m, s] = iso;
    const total =
      Number(d ?? 0) * 86_400_000 +
      Number(h ?? 0) * 3_600_000 +
      Number(m ?? 0) * 60_000 +
      Number(s ?? 0) * 1_000;
    return total > 0 ? total : undefined;
  }
  HUMAN_PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = HUMAN_PART.exec(text); match; match = HUMAN_PART.exec(text)) {
    const [whole, amount, unit] = match;
    const factor = UNIT_MS[unit ?? ''];
    if (factor === undefined) return undefined;
    total += Number(amount) * factor;
    consumed += whole.length;
    while (text[HUMAN_PART.lastIndex] === ' ') {
      HUMAN_PART.lastIndex += 1;
      consumed += 1;
    }
  }
  if (consumed !== text.length || total <= 0) return undefined;
  return total;
}

/** "1時間5分" / "1 h 5 min"; sub-minute durations are shown in seconds. */
export function formatDuration(ms: number): Bilingual {
  const negative = ms < 0;
  let rest = Math.round(Math.abs(ms) / 1000);
  if (rest < 60) return sign(negative, { ja: `${rest}秒`, en: `${rest} s` });
  rest = Math.round(rest / 60);
  const days = Math.floor(rest / 1440);
  const hours = Math.floor((rest % 1440) / 60);
  const minutes = rest % 60;
  const ja: string[] = [];
  const en: string[] = [];
  if (days) {
    ja.push(`${days}日`);
    en.push(`${days} d`);
  }
  if (hours) {
    ja.push(`${hours}時間`);
    en.push(`${hours} h`);
  }
  if (minutes || (!days && !hours)) {
    ja.push(`${minutes}分`);
    en.push(`${minutes} min`);
  }
  return sign(negative, { ja: ja.join(''), en: en.join(' ') });
}

function sign(negative: boolean, text: Bilingual): Bilingual {
  return negative ? { ja: `-${text.ja}`, en: `-${text.en}` } : text;
}
