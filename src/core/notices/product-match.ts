// Which of the organisation's services a notice concerns, by product name. Providers and
// tsunagi.yaml rarely spell a product the same way ("Amazon EC2", "EC2", "amazon-ec2"; "Exchange
// Online", "Exchange"; "Amazon Elastic Compute Cloud (EC2)"), so names are compared as words:
// case, width and punctuation ignored, the vendor's name and filler words ("Online", "Service")
// dropped, a parenthesised short name taken as an alias; one name matches another when its words
// begin the other's ("Microsoft Entra" ~ "Microsoft Entra ID", but "Connect" is not "Direct
// Connect"). A notice from one vendor never matches a service that only uses another's products,
// so Google's "Cloud Storage" is not Azure's "Storage". Pure functions over plain data.
import type { Directory } from '../parties/directory.js';
import type { NoticeProvider } from '../../sources/feeds/notice.js';

export type Vendor = 'aws' | 'google' | 'microsoft';

const VENDOR_WORDS: Readonly<Record<string, Vendor>> = {
  amazon: 'aws',
  aws: 'aws',
  google: 'google',
  gcp: 'google',
  microsoft: 'microsoft',
  azure: 'microsoft',
  ms: 'microsoft',
};

/** Words that do not tell products apart. */
const FILLER = new Set(['online', 'service', 'services']);

const PROVIDER_VENDOR: Readonly<Record<NoticeProvider, Vendor | undefined>> = {
  aws: 'aws',
  'google-cloud': 'google',
  'google-workspace': 'google',
  azure: 'microsoft',
  'microsoft-365': 'microsoft',
  other: undefined,
};

/** One way of writing a product: its significant words, and all its words run together. */
interface Spelling {
  readonly words: readonly string[];
  readonly compact: string;
}

/** A product name ready for comparison: its spellings and the vendors it names. */
export interface ProductKey {
  readonly spellings: readonly Spelling[];
  readonly vendors: readonly Vendor[];
}

function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

function spelling(words: readonly string[]): Spelling | undefined {
  const named = words.filter((w) => VENDOR_WORDS[w] === undefined);
  const significant = named.filter((w) => !FILLER.has(w));
  if (named.length === 0) return undefined;
  return { words: significant, compact: named.join('') };
}

const cache = new Map<string, ProductKey>();

/** Normalises a product name (memoised: feeds repeat the same few hundred names). */
export function productKey(name: string): ProductKey {
  const cached = cache.get(name);
  if (cached) return cached;
  const aliases = [...name.matchAll(/[(（]([^)）]+)[)）]/gu)].map((m) => m[1]!);
  const main = name.replace(/[(（][^)）]*[)）]/gu, ' ');
  const all = wordsOf(name);
  const spellings = [main, ...aliases]
    .map((part) => spelling(wordsOf(part)))
    .filter((s): s is Spelling => s !== undefined);
  const vendors = [...new Set(all.map((w) => VENDOR_WORDS[w]).filter((v): v is Vendor => v !== undefined))];
  const key = { spellings, vendors };
  if (cache.size > 10_000) cache.clear();
  cache.set(name, key);
  return key;
}

function startsWith(long: readonly string[], short: readonly string[]): boolean {
  return short.length > 0 && short.length <= long.length && short.every((w, i) => long[i] === w);
}

function sameSpelling(a: Spelling, b: Spelling): boolean {
  if (a.compact === b.compact) return true;
  return startsWith(a.words, b.words) || startsWith(b.words, a.words);
}

/** Whether two names stand for the same product. */
export function sameProduct(a: string | ProductKey, b: string | ProductKey): boolean {
  const ka = typeof a === 'string' ? productKey(a) : a;
  const kb = typeof b === 'string' ? productKey(b) : b;
  return ka.spellings.some((sa) => kb.spellings.some((sb) => sameSpelling(sa, sb)));
}

/** A service as the matcher sees it. */
export interface ServiceProducts {
  readonly id: string;
  readonly products: readonly ProductKey[];
  /** The vendors it buys from (named in its products or its provider); empty when unknown. */
  readonly vendors: readonly Vendor[];
}

/** Prepares a service for matching; `providerNames` are its provider party's id and names. */
export function serviceProducts(
  id: string,
  products: readonly string[],
  providerNames: readonly string[],
): ServiceProducts {
  const keys = products.map(productKey);
  const vendors = new Set<Vendor>(keys.flatMap((k) => k.vendors));
  for (const name of providerNames) for (const v of productKey(name).vendors) vendors.add(v);
  return { id, products: keys, vendors: [...vendors] };
}

/** The ids of the services using any of the notice's products, in the services' order. */
export function servicesUsing(
  notice: { readonly provider: NoticeProvider; readonly products: readonly string[] },
  services: readonly ServiceProducts[],
): string[] {
  const vendor = PROVIDER_VENDOR[notice.provider];
  const keys = notice.products.map(productKey);
  return services
    .filter((service) => !vendor || service.vendors.length === 0 || service.vendors.includes(vendor))
    .filter((service) => service.products.some((p) => keys.some((k) => sameProduct(p, k))))
    .map((service) => service.id);
}

/** The organisation's services from tsunagi.yaml, prepared for matching. */
export function matchableServices(directory: Directory): ServiceProducts[] {
  return directory.services.map((s) => {
    const provider = directory.party(s.providerId);
    const names = provider ? [provider.id, provider.name.en, provider.shortName.en] : [s.providerId];
    return serviceProducts(s.id, s.products, names);
  });
}
