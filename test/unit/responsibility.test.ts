// The responsibility matrix: the shared-responsibility defaults per service model, explicit
// overrides from tsunagi.yaml, and the parties an incident involves.
import { describe, expect, it } from 'vitest';
import { partiesToInvolve, layerResponsibility } from '../../src/core/parties/responsibility.js';
import { parseLayer } from '../../src/core/parties/layers.js';
import { exampleDirectory } from '../helpers/core-fixture.js';

const directory = exampleDirectory();
const holder = (service: string, layer: Parameters<typeof layerResponsibility>[2]) => {
  const r = layerResponsibility(directory, directory.service(service)!, layer);
  return [r.responsible.id, r.accountable.id, r.configured];
};

describe('who is responsible', () => {
  it('IaaS run by an SIer: the SIer does the OS work, the city stays accountable, AWS runs virtualisation', () => {
    expect(holder('portal', 'os')).toEqual(['hikari', 'city', false]);
    expect(holder('portal', 'virtualisation')).toEqual(['aws', 'aws', false]);
    expect(holder('portal', 'data')).toEqual(['city', 'city', true]);
  });

  it('PaaS: the provider runs the middleware and OS', () => {
    expect(holder('e-apply', 'middleware')).toEqual(['aws', 'aws', false]);
    expect(holder('e-apply', 'application')).toEqual(['hikari', 'city', false]);
  });

  it('SaaS: the provider runs the application; account settings follow the configured override', () => {
    expect(holder('mail', 'application')).toEqual(['microsoft', 'microsoft', false]);
    expect(holder('mail', 'accounts')).toEqual(['hikari', 'city', true]);
    expect(holder('mail', 'data')).toEqual(['city', 'city', false]);
  });

  it('reads layer names in either language', () => {
    expect(parseLayer('仮想化')).toBe('virtualisation');
    expect(parseLayer('IAM')).toBe('accounts');
    expect(parseLayer('ＯＳ')).toBe('os');
    expect(parseLayer('kernel')).toBeUndefined();
  });
});

describe('parties to involve', () => {
  it('lists the customer, then the SIer, then each provider, with the people who look after those services', () => {
    const involved = partiesToInvolve(directory, [directory.service('portal')!, directory.service('mail')!]);
    expect(involved.map((p) => p.party.id)).toEqual(['city', 'hikari', 'aws', 'microsoft']);
    const aws = involved.find((p) => p.party.id === 'aws')!;
    expect(aws.people.map((p) => p.id)).toEqual(['clark']);
    expect(aws.responsibleFor.every((r) => r.service.id === 'portal')).toBe(true);
    const city = involved.find((p) => p.party.id === 'city')!;
    expect(city.people.map((p) => p.id)).toEqual(['sato', 'yamamoto']);
    expect(city.party.contacts.some((c) => c.outOfBand)).toBe(true);
  });
});
