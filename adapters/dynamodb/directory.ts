import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SurveyDefinition } from '../../flows/definition.js';
import type { Project, Round } from '../../core/model.js';
import type { Directory } from '../../core/ports.js';
import { stableJson } from '../../core/stable-json.js';
import { projectFromItem, roundFromItem, SurveyItem } from './items.js';
import { keys } from './table.js';

export class SurveyVersionFrozenError extends Error {
  readonly code = 'SURVEY_VERSION_FROZEN';
  constructor(surveyId: string, version: number) {
    super(`survey ${surveyId} version ${version} is in use and cannot change; save it as a new version`);
    this.name = 'SurveyVersionFrozenError';
  }
}

export class JoinCodeTakenError extends Error {
  readonly code = 'JOIN_CODE_TAKEN';
  constructor(code: string) {
    super(`join code ${code} belongs to another project`);
    this.name = 'JoinCodeTakenError';
  }
}

/** Projects, rounds and survey versions in DynamoDB: reads for the conversation, writes for staff and seeding. */
export class DynamoDbDirectory implements Directory {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getProject(projectId: string): Promise<Project | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.project(projectId) }));
    return Item ? projectFromItem(Item) : null;
  }

  async findProjectIdByJoinCode(code: string): Promise<string | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.joinCode(code) }));
    return typeof Item?.projectId === 'string' ? Item.projectId : null;
  }

  async listRounds(projectId: string): Promise<Round[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
        ExpressionAttributeValues: { ':pk': keys.project(projectId).pk, ':r': 'R#' },
      }),
    );
    return Items.map(roundFromItem);
  }

  async getSurvey(surveyId: string, version: number): Promise<SurveyDefinition | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.survey(surveyId, version) }));
    return Item ? SurveyItem.parse(Item).definition : null;
  }

  /** Save a project and claim its join code, both or neither. Re-saving the same project is fine. */
  async putProject(project: Project): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.tableName, Item: { ...keys.project(project.projectId), kind: 'project', ...project } } },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.joinCode(project.joinCode), kind: 'joincode', projectId: project.projectId },
                ConditionExpression: 'attribute_not_exists(pk) OR projectId = :p',
                ExpressionAttributeValues: { ':p': project.projectId },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') throw new JoinCodeTakenError(project.joinCode);
      throw error;
    }
  }

  /** Save a survey version. Allowed while unused; once frozen only an identical definition is accepted. */
  async saveSurvey(definition: SurveyDefinition): Promise<void> {
    const key = keys.survey(definition.id, definition.version);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, kind: 'survey', definition, frozen: false },
          ConditionExpression: 'attribute_not_exists(pk) OR frozen = :false',
          ExpressionAttributeValues: { ':false': false },
        }),
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
      const stored = await this.getSurvey(definition.id, definition.version);
      if (stableJson(stored) !== stableJson(definition)) throw new SurveyVersionFrozenError(definition.id, definition.version);
    }
  }

  /** Save a round and freeze the survey version it uses, in one transaction. */
  async putRound(round: Round): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: { ...keys.round(round.projectId, round.roundId), kind: 'round', ...round } } },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.survey(round.surveyId, round.surveyVersion),
              UpdateExpression: 'SET frozen = :true',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':true': true },
            },
          },
        ],
      }),
    );
  }
}
