/** What can go wrong with a news article, as named errors with stable codes. */
import { Conflict, NotFound } from '../errors';

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
