import { Conflict, inChinese } from '../errors';

inChinese({
  NO_FEDERATION: '当地还没有您所在行业的工会联合会，请联系市总工会。',
});

export class NoFederation extends Conflict {
  constructor(city: string, industry: string) {
    super('NO_FEDERATION', `${city} has no ${industry} federation yet and does not create one on demand; ask the city union.`);
  }
}
