import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Answer } from '../../core/model.js';
import type { AnswerSource } from '../../core/results/ports.js';
import { answerFromItem } from './items.js';
import { keys } from './table.js';

const { QueryCommand } = awsSdk.documents();

/**
 * A round's answers for exports, one Query page at a time (one partition, key order: a respondent's
 * answers are adjacent). The next page is requested while the caller works on this one, so at most two
 * pages are held whatever the size of the round.
 */
export class DynamoDbAnswerSource implements AnswerSource {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pageSize = 1000,
  ) {}

  async *pages(projectId: string, roundId: string): AsyncGenerator<Answer[]> {
    const { pk } = keys.answer(projectId, roundId, '', '');
    const query = (start: Record<string, unknown> | undefined): Promise<QueryCommandOutput> => {
      const page = this.db.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, Limit: this.pageSize, ExclusiveStartKey: start }),
      );
      page.catch(() => undefined); // a prefetch the caller never awaits (it stopped early) must not fail the process
      return page;
    };
    let next = query(undefined);
    for (;;) {
      const page = await next;
      const start = page.LastEvaluatedKey;
      if (start) next = query(start);
      const items = page.Items ?? [];
      if (items.length > 0) yield items.map(answerFromItem);
      if (!start) return;
    }
  }
}
