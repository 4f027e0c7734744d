/**
 * A beacon for tests without a runtime: drand's scheme with a key of its own, and a clock the test
 * sets — rounds up to its time are published, later ones are not (as the real beacon refuses them).
 */
import { roundAt, type BeaconChain, type RandomnessBeacon } from '../../shared/beacon/beacon';
import { newChainKey, signRound } from '../../shared/beacon/drand';

export class FakeBeacon implements RandomnessBeacon {
  readonly chain: BeaconChain;
  private readonly secretKey: Uint8Array;

  /** The beacon's time: rounds up to it are published. */
  constructor(public now: Date = new Date(), periodSeconds = 3) {
    const { secretKey, publicKey } = newChainKey();
    this.secretKey = secretKey;
    this.chain = { chainHash: 'f'.repeat(64), publicKey, genesisTime: Math.floor(now.getTime() / 1000) - 86_400 * 400, periodSeconds };
  }

  async latest() {
    return signRound(this.secretKey, roundAt(this.chain, this.now));
  }

  async round(round: number) {
    return round <= roundAt(this.chain, this.now) ? signRound(this.secretKey, round) : undefined;
  }
}
