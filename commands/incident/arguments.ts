// Arguments shared by the /incident subcommands.
import { INCIDENT_ROLES, INCIDENT_STATUSES } from '../../src/core/incidents/model.js';
import { ROLE_ALIASES } from '../../src/core/incidents/roles.js';
import * as types from '../../src/router/arg-types.js';
import { positional } from '../../src/router/command-spec.js';

export const incidentArg = positional(types.incidentId, {
  required: true,
  fromChannel: true,
  help: {
    ja: 'インシデントID（例: INC-1）。専用チャンネルでは省略可',
    en: "Incident id (e.g. INC-1); optional in the incident's channel",
  },
});

export const reasonArg = positional(types.text, {
  rest: true,
  help: { ja: '理由（任意）', en: 'Reason (optional)' },
});

export const roleType = types.choice('role', INCIDENT_ROLES, ROLE_ALIASES);
export const statusType = types.choice('status', INCIDENT_STATUSES);
