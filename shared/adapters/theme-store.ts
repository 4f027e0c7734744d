/** The themes table's store, built once per container when the function loads. */
import { documents } from '../aws/dynamodb';
import { tableName } from '../config';
import { DynamoThemeStore } from '../themes/theme-store-dynamodb';

export const themeStore = new DynamoThemeStore(documents, tableName('themes'));
