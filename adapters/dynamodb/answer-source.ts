import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient, QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Answer } from '../../core/model.js';
import type { AnswerSource, RoundRecord } from '../../core/results/ports.js';
import { answerFromItem, completionFromItem } from './items.js';
import { keys } from './table.js';

const { QueryCommand } = awsSdk.documents();

/**
 * A round's answers for exports, one Query page at a time (one partition, key order: a respondent's
 * answers, and their completion marker, are adjacent). The next page is requested while the caller works
 * on this one, so at most two pages are held whatever the size of the round.
 */
export class DynamoDbAnswerSource implements AnswerSource {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly pageSize = 1000,
  ) {}

  async *pages(projectId: string, roundId: string): AsyncGenerator<Answer[]> {
    for await (const items of this.items(projectId, roundId)) {
      const answers = items.filter((i) => i.kind !== 'completion').map(answerFromItem);
      if (answers.length > 0) yield answers;
    }
  }

  async *records(projectId: string, roundId: string): AsyncGenerator<RoundRecord[]> {
    for await (const items of this.items(projectId, roundId)) {
      yield items.map((i): RoundRecord => (i.kind === 'completion' ? completionFromItem(i) : answerFromItem(i)));
    }
  }

  private async *items(projectId: string, roundId: string): AsyncGenerator<Array<Record<string, unknown>>> {
    const { pk } = keys.answer(projectId, roundId, '', '');
    const query = (start: Record<string, unknown> | undefined): Promise<QueryCommandOutput> => {
      const page = this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          Limit: this.pageSize,
          ExclusiveStartKey: start,
        }),
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
      if (items.length > 0) yield items;
      if (!start) return;
    }
  }
}
