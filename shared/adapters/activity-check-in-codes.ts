/**
 * Check-in codes signed under the activityCheckInKey secret: from Secrets Manager when deployed
 * (cached), or ACTIVITY_CHECK_IN_KEY locally.
 */
import { checkInCodesWith } from '../activities/check-in-code';
import { secretKey } from '../aws/secret-key';

export const checkInCodes = checkInCodesWith(secretKey({ local: 'ACTIVITY_CHECK_IN_KEY', arn: 'ACTIVITY_CHECK_IN_KEY_SECRET_ARN' }, 'activity check-in key'));
