/**
 * What the Directory port (core/ports.ts) refuses, as values with stable codes: every store implementing it
 * throws these, and only the edge turns them into HTTP problems (http/api/*-routes.ts).
 */

export class SurveyVersionFrozenError extends Error {
  readonly code = 'SURVEY_VERSION_FROZEN';
  constructor(surveyId: string, version: number) {
    super(`survey ${surveyId} version ${version} is in use and cannot change; save it as a new version`);
    this.name = 'SurveyVersionFrozenError';
  }
}

/** A version saved as new (a new survey, a new draft, a copy) that someone saved first, a moment before. */
export class SurveyVersionExistsError extends Error {
  readonly code = 'SURVEY_VERSION_EXISTS';
  constructor(surveyId: string, version: number) {
    super(`survey ${surveyId} version ${version} was just saved by someone else; load it again`);
    this.name = 'SurveyVersionExistsError';
  }
}

export class SurveyIdTakenError extends Error {
  readonly code = 'SURVEY_ID_TAKEN';
  constructor(surveyId: string) {
    super(`survey id ${surveyId} belongs to another organisation; choose another id`);
    this.name = 'SurveyIdTakenError';
  }
}

export class JoinCodeTakenError extends Error {
  readonly code = 'JOIN_CODE_TAKEN';
  constructor(code: string) {
    super(`join code ${code} belongs to another project`);
    this.name = 'JoinCodeTakenError';
  }
}
