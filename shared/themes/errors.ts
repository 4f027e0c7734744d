/** What can go wrong with a theme of the month, as named errors with stable codes. */
import { Conflict, inChinese, NotFound } from '../errors';

inChinese({
  THEME_NOT_FOUND: '该月尚未设置主题。',
  THEME_ITEM_UNFIT: '主题中列出的某项内容不存在或不属于本工会及其下级工会，请按 field 所指修改。',
});

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
