import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PromptScope, PromptStore, RecordedPrompt } from '../../core/calls/prompts.js';
import * as z from '../../kernel/zod.js';
import { keys } from './table.js';

const { DeleteCommand, PutCommand, QueryCommand } = awsSdk.documents();

const PromptItem = z.object({
  language: z.string(),
  promptId: z.string(),
  audioKey: z.string(),
  contentType: z.string(),
  recordedAt: z.string(),
  source: z.enum(['upload', 'phone']),
});

/** Text prompts live with the organisation (recorded once), question prompts with their survey version. */
const partition = (scope: PromptScope, promptId: string): string =>
  promptId.startsWith('text.') ? keys.textPrompts(scope.organisationId) : keys.questionPrompts(scope.organisationId, scope.surveyId, scope.surveyVersion);

export class DynamoDbPrompts implements PromptStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(scope: PromptScope, language: string): Promise<RecordedPrompt[]> {
    const pks = [keys.textPrompts(scope.organisationId), keys.questionPrompts(scope.organisationId, scope.surveyId, scope.surveyVersion)];
    const pages = await Promise.all(
      pks.map((pk) =>
        this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :lang)',
            ExpressionAttributeValues: { ':pk': pk, ':lang': `${language}#` },
          }),
        ),
      ),
    );
    return pages.flatMap((page) => (page.Items ?? []).map((item) => PromptItem.parse(item)));
  }

  async put(scope: PromptScope, prompt: RecordedPrompt): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: partition(scope, prompt.promptId), sk: `${prompt.language}#${prompt.promptId}`, kind: 'prompt', ...prompt },
      }),
    );
  }

  async remove(scope: PromptScope, language: string, promptId: string): Promise<RecordedPrompt | null> {
    const { Attributes } = await this.db.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: partition(scope, promptId), sk: `${language}#${promptId}` }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes ? PromptItem.parse(Attributes) : null;
  }
}
