/** How manifest names become construct ids and stack names. */

/** `accounts` → `Accounts`, `couponClaim` → `CouponClaim`, `gig-workers` → `GigWorkers`. */
export const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** Every stack of a stage is named `UnionBenefits-<stage>-<Part>`. */
export const stackName = (prefix: string, stageName: string, part: string): string => `${prefix}-${stageName}-${part}`;

/** The stack a capability's functions land in: `UnionBenefits-dev-GigWorkers` for `gig-workers`. */
export function capabilityStackPart(capability: string): string {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(capability)) {
    throw new Error(`Capability "${capability}" must be kebab-case (it names a stack)`);
  }
  return pascal(capability);
}
