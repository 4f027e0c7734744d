/** What can go wrong with a news article, as named errors with stable codes. */
import { Conflict, inChinese, NotFound } from '../errors';

inChinese({
  ARTICLE_NOT_FOUND: '未找到该资讯。',
  ARTICLE_CHANGED: '该资讯已被他人修改：请重新读取后再修改。',
  ARTICLE_UNPUBLISHED: '该资讯已撤下，不能再编辑。',
});

export class ArticleNotFound extends NotFound {
  constructor() {
    super('The article', 'ARTICLE_NOT_FOUND');
  }
}

export class ArticleChanged extends Conflict {
  constructor() {
    super('ARTICLE_CHANGED', 'The article was changed by someone else meanwhile: read it again and repeat your change.');
  }
}

export class ArticleUnpublished extends Conflict {
  constructor() {
    super('ARTICLE_UNPUBLISHED', 'The article has been unpublished: it can no longer be edited.');
  }
}
