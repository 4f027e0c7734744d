/** The draws table's store that also delivers inbox notices (prize won, prize passed on) in its own transactions. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoDrawStore } from '../draws/draw-store-dynamodb';

export const drawNoticeStore = new DynamoDrawStore(documents, { draws: tableName('draws'), inbox: tableName('inbox') });
