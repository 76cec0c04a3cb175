// The layers of a cloud service stack over which responsibility is shared, following the
// responsibility-sharing tables of the NISC and MIC guidance (seeds 000, 001, 003).
import type { Bilingual } from '../i18n/locale.js';

export const LAYERS = [
  'data',
  'accounts',
  'endpoints',
  'application',
  'runtime',
  'middleware',
  'os',
  'network',
  'virtualisation',
  'hardware',
  'facility',
] as const;
export type Layer = (typeof LAYERS)[number];

export const LAYER_LABELS: Record<Layer, Bilingual> = {
  data: { ja: 'データ', en: 'Data' },
  accounts: { ja: 'アカウント・アクセス設定', en: 'Accounts and access settings' },
  endpoints: { ja: '端末', en: 'Endpoints' },
  application: { ja: 'アプリケーション', en: 'Application' },
  runtime: { ja: 'ランタイム', en: 'Runtime' },
  middleware: { ja: 'ミドルウェア', en: 'Middleware' },
  os: { ja: 'OS', en: 'Operating system' },
  network: { ja: 'ネットワーク', en: 'Network' },
  virtualisation: { ja: '仮想化基盤', en: 'Virtualisation' },
  hardware: { ja: 'ハードウェア', en: 'Hardware' },
  facility: { ja: 'データセンター設備', en: 'Facilities (data centre)' },
};

/** Words people use for a layer, in either language, mapped to its id. */
const LAYER_ALIASES: Record<string, Layer> = {
  account: 'accounts',
  access: 'accounts',
  iam: 'accounts',
  settings: 'accounts',
  アカウント: 'accounts',
  設定: 'accounts',
  データ: 'data',
  endpoint: 'endpoints',
  device: 'endpoints',
  devices: 'endpoints',
  端末: 'endpoints',
  app: 'application',
  アプリ: 'application',
  アプリケーション: 'application',
  ランタイム: 'runtime',
  ミドルウェア: 'middleware',
  mw: 'middleware',
  virtualization: 'virtualisation',
  hypervisor: 'virtualisation',
  仮想化: 'virtualisation',
  net: 'network',
  ネットワーク: 'network',
  hw: 'hardware',
  ハードウェア: 'hardware',
  facilities: 'facility',
  datacenter: 'facility',
  datacentre: 'facility',
  設備: 'facility',
};

export function parseLayer(text: string): Layer | undefined {
  const key = text.normalize('NFKC').trim().toLowerCase();
  if ((LAYERS as readonly string[]).includes(key)) return key as Layer;
  return LAYER_ALIASES[key];
}
