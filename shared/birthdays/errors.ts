import { Conflict, inChinese } from '../errors';

inChinese({
  CAMPAIGN_UNFIT: '该消费券活动不能用作生日福利（已结束、不存在或面向其他工会的会员）。',
});

/** The campaign named for the birthday benefit cannot carry it (gone, ended, or for other members). */
export class CampaignUnfit extends Conflict {
  constructor(reason: string) {
    super('CAMPAIGN_UNFIT', `This campaign cannot carry the birthday benefit: ${reason}.`);
    Object.assign(this.details, { field: 'body.campaignId', reason });
  }
}
