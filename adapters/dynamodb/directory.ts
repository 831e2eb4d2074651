import { awsSdk } from '../aws/sdk.js';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SurveyDefinition } from '../../flows/definition.js';
import type { Project, Round } from '../../core/model.js';
import { TEMPLATE_OWNER } from '../../core/access/authorize.js';
import type { Directory, RoundExpiry, RoundOpening, StaffDirectory, SurveyRecord } from '../../core/ports.js';
import type { FeedbackHold } from '../../core/feedback/ports.js';
export { TEMPLATE_OWNER };
import { stableJson } from '../../core/stable-json.js';
import { projectFromItem, roundFromItem, SurveyItem } from './items.js';
import { keys } from './table.js';
import { JoinCodeTakenError, SurveyIdTakenError, SurveyVersionExistsError, SurveyVersionFrozenError } from '../../core/directory-errors.js';

const { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } = awsSdk.documents();

/** Projects, rounds and survey versions in DynamoDB: reads for the conversation, writes for staff and seeding. */
export class DynamoDbDirectory implements Directory, StaffDirectory, RoundExpiry, RoundOpening, FeedbackHold {
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

  async findProjectIdByCallNumber(number: string): Promise<string | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.callNumber(number) }));
    if (typeof Item?.projectId !== 'string') return null;
    // A number moved to another project leaves its old item behind: the project must still have it.
    return (await this.getProject(Item.projectId))?.callNumber === number ? Item.projectId : null;
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
                Item: {
                  ...keys.projectListing(project.projectId),
                  kind: 'project-listing',
                  projectId: project.projectId,
                  organisationId: project.organisationId,
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.joinCode(project.joinCode), kind: 'joincode', projectId: project.projectId },
                ConditionExpression: 'attribute_not_exists(pk) OR projectId = :p',
                ExpressionAttributeValues: { ':p': project.projectId },
              },
            },
            ...(project.callNumber
              ? [{ Put: { TableName: this.tableName, Item: { ...keys.callNumber(project.callNumber), kind: 'callnumber', projectId: project.projectId } } }]
              : []),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'TransactionCanceledException') throw new JoinCodeTakenError(project.joinCode);
      throw error;
    }
  }

  /**
   * Save a survey version owned by an organisation. Allowed while unused; once frozen only an identical
   * definition is accepted. A survey id belongs to the organisation that first saved it.
   */
  async saveSurvey(definition: SurveyDefinition, organisationId: string = TEMPLATE_OWNER, opts: { create?: boolean } = {}): Promise<void> {
    const key = keys.survey(definition.id, definition.version);
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              // The id's owner, across all its versions: the organisation that saved it first.
              Put: {
                TableName: this.tableName,
                Item: { pk: key.pk, sk: 'OWNER', kind: 'survey-owner', organisationId },
                ConditionExpression: 'attribute_not_exists(pk) OR organisationId = :owner',
                ExpressionAttributeValues: { ':owner': organisationId },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...key, kind: 'survey', definition, organisationId, frozen: false },
                ...(opts.create
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : { ConditionExpression: 'attribute_not_exists(pk) OR frozen = :false', ExpressionAttributeValues: { ':false': false } }),
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  ...keys.surveyListing(organisationId, definition.id, definition.version),
                  kind: 'survey-listing',
                  surveyId: definition.id,
                  version: definition.version,
                },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
      const reasons = 'CancellationReasons' in error && Array.isArray(error.CancellationReasons) ? (error.CancellationReasons as Array<{ Code?: string }>) : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new SurveyIdTakenError(definition.id);
      const stored = await this.getSurveyRecord(definition.id, definition.version);
      // The same definition again (a retried request) is no conflict.
      if (stableJson(stored?.definition) === stableJson(definition)) return;
      throw opts.create ? new SurveyVersionExistsError(definition.id, definition.version) : new SurveyVersionFrozenError(definition.id, definition.version);
    }
  }

  async getSurveyRecord(surveyId: string, version: number): Promise<SurveyRecord | null> {
    const { Item } = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.survey(surveyId, version) }));
    return Item ? SurveyItem.parse(Item) : null;
  }

  /** Survey versions of an organisation (or the built-in templates), newest version last per survey. */
  async listSurveys(organisationId: string = TEMPLATE_OWNER): Promise<Array<{ surveyId: string; version: number }>> {
    const out: Array<{ surveyId: string; version: number }> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `SURVEYS#${organisationId}` },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) out.push({ surveyId: String(i.surveyId), version: Number(i.version) });
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /** Projects of one organisation, or of all (coordinators). */
  async listProjects(organisationId?: string): Promise<Project[]> {
    const ids: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'PROJECTS' },
          ExclusiveStartKey: start,
        }),
      );
      for (const i of page.Items ?? []) if (organisationId === undefined || i.organisationId === organisationId) ids.push(String(i.projectId));
      start = page.LastEvaluatedKey;
    } while (start);
    const projects = await Promise.all(ids.map((id) => this.getProject(id)));
    return projects.filter((p): p is Project => p !== null).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The sweep expired every unfinished session of this closed round: later sweeps pass it by. */
  async markRoundExpired(projectId: string, roundId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.round(projectId, roundId),
        UpdateExpression: 'SET expiredAt = :at',
        // Only a round that has closed: never mark one whose close was moved later meanwhile.
        ConditionExpression: 'attribute_exists(pk) AND closesAt <= :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** The sweep gave everyone enrolled an invitation to this round after it opened: later sweeps pass that by. */
  async markOpeningInvited(projectId: string, roundId: string, at: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.round(projectId, roundId),
        UpdateExpression: 'REMOVE inviteAtOpening',
        // Only a round that has opened: never mark one whose opening was moved later meanwhile.
        ConditionExpression: 'attribute_exists(pk) AND opensAt <= :at',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** Quiet hours hold the round's "you said, we did" until `until`: an earlier hold already set stays. */
  async holdFeedback(projectId: string, roundId: string, until: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.round(projectId, roundId),
          UpdateExpression: 'SET feedbackHeldUntil = :until',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(feedbackHeldUntil) OR feedbackHeldUntil = :null OR feedbackHeldUntil > :until)',
          ExpressionAttributeValues: { ':until': until, ':null': null },
        }),
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /** The held copies were handed on: the hold is cleared, unless it was moved meanwhile. */
  async releaseFeedback(projectId: string, roundId: string, until: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.round(projectId, roundId),
          UpdateExpression: 'REMOVE feedbackHeldUntil',
          ConditionExpression: 'feedbackHeldUntil = :until',
          ExpressionAttributeValues: { ':until': until },
        }),
      );
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  /**
   * Save a round and freeze the survey version it uses, in one transaction. `create`: only if no round
   * of that id exists (two launches at once cannot both win).
   */
  async putRound(round: Round, opts: { create?: boolean } = {}): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.round(round.projectId, round.roundId), kind: 'round', ...round },
              ...(opts.create ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
            },
          },
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
