// Who carries each layer when tsunagi.yaml does not say, by service model. Follows the guidance:
// the provider runs what lies below the model's line; above it the customer is accountable, and
// where an SIer operates the system the SIer is responsible for the work (seed 000 §2.4,
// 001 "SIerが関与する場合": the SIer answers for the work, the customer keeps final responsibility).
import type { Layer } from './layers.js';
import type { ServiceModel } from './model.js';

type Holder = 'customer' | 'operator' | 'provider';

/** `operator` is the SIer when the service has one, otherwise the customer itself. */
const DEFAULTS: Record<ServiceModel, Record<Layer, Holder>> = {
  IaaS: {
    data: 'customer',
    accounts: 'operator',
    endpoints: 'customer',
    application: 'operator',
    runtime: 'operator',
    middleware: 'operator',
    os: 'operator',
    network: 'operator',
    virtualisation: 'provider',
    hardware: 'provider',
    facility: 'provider',
  },
  PaaS: {
    data: 'customer',
    accounts: 'operator',
    endpoints: 'customer',
    application: 'operator',
    runtime: 'provider',
    middleware: 'provider',
    os: 'provider',
    network: 'provider',
    virtualisation: 'provider',
    hardware: 'provider',
    facility: 'provider',
  },
  SaaS: {
    data: 'customer',
    accounts: 'customer',
    endpoints: 'customer',
    application: 'provider',
    runtime: 'provider',
    middleware: 'provider',
    os: 'provider',
    network: 'provider',
    virtualisation: 'provider',
    hardware: 'provider',
    facility: 'provider',
  },
};

export function defaultAssignment(
  model: ServiceModel,
  layer: Layer,
  parties: { customer: string; sier?: string; provider: string },
): { responsible: string; accountable: string } {
  switch (DEFAULTS[model][layer]) {
    case 'customer':
      return { responsible: parties.customer, accountable: parties.customer };
    case 'operator':
      return { responsible: parties.sier ?? parties.customer, accountable: parties.customer };
    case 'provider':
      return { responsible: parties.provider, accountable: parties.provider };
  }
}
