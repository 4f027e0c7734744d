/** What can go wrong with a theme of the month, as named errors with stable codes. */
import { Conflict, NotFound } from '../errors';

export class ThemeNotFound extends NotFound {
  constructor() {
    super('The theme of the month', 'THEME_NOT_FOUND');
  }
}

/** An item a theme names does not exist or belongs to no union of the theme's subtree. */
export class ThemeItemUnfit extends Conflict {
  constructor(field: string, reason: string) {
    super('THEME_ITEM_UNFIT', `This item cannot be part of the theme: ${reason}.`);
    Object.assign(this.details, { field, reason });
  }
}
