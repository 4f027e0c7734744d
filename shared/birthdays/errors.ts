import { Conflict } from '../errors';

/** The campaign named for the birthday benefit cannot carry it (gone, ended, or for other members). */
export class CampaignUnfit extends Conflict {
  constructor(reason: string) {
    super('CAMPAIGN_UNFIT', `This campaign cannot carry the birthday benefit: ${reason}.`);
    Object.assign(this.details, { field: 'body.campaignId', reason });
  }
}
