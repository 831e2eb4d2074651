import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AnswerKey, AnswerLookup } from '../../core/coding/ports.js';
import type { Answer } from '../../core/model.js';
import { answerFromItem } from './items.js';
import { keys } from './table.js';

const { GetCommand } = awsSdk.documents();

/** One answer by its key (the answer record itself, not its comments or continued parts). */
export class DynamoDbAnswerLookup implements AnswerLookup {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async answer(key: AnswerKey): Promise<Answer | null> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.answer(key.projectId, key.roundId, key.respondentCode, key.questionId) }),
    );
    return Item ? answerFromItem(Item) : null;
  }
}
