/**
 * The public randomness beacon at BEACON_URL (drand quicknet when deployed, the local beacon under
 * `npm start`), with the chain pinned by configuration: its hash, public key, genesis time and period.
 */
import { ConfigurationError, integerEnv, requiredEnv } from '../config';
import { DrandHttpBeacon } from '../beacon/drand';

const url = requiredEnv('BEACON_URL');
if (!URL.canParse(url)) throw new ConfigurationError('Invalid configuration: BEACON_URL is not a URL');

export const beacon = new DrandHttpBeacon(url, {
  chainHash: requiredEnv('BEACON_CHAIN_HASH'),
  publicKey: requiredEnv('BEACON_PUBLIC_KEY'),
  genesisTime: integerEnv('BEACON_GENESIS_TIME'),
  periodSeconds: integerEnv('BEACON_PERIOD_SECONDS'),
});
