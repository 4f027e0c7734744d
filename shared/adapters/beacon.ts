/**
 * The public randomness beacon at BEACON_URL (drand quicknet when deployed, the local beacon under
 * `npm start`), with the chain pinned by configuration: its hash, public key, genesis time and period.
 */
import { integerEnv, requiredEnv, requiredUrl } from '../config';
import { DrandHttpBeacon } from '../beacon/drand';

export const beacon = new DrandHttpBeacon(requiredUrl('BEACON_URL'), {
  chainHash: requiredEnv('BEACON_CHAIN_HASH'),
  publicKey: requiredEnv('BEACON_PUBLIC_KEY'),
  genesisTime: integerEnv('BEACON_GENESIS_TIME'),
  periodSeconds: integerEnv('BEACON_PERIOD_SECONDS'),
});
