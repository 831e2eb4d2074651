import type { CompiledSurvey } from '../../flows/compile.js';
import { isSupportedLanguage, localeMeta } from '../../locales/index.js';
import { spokenQuestion } from '../conversation/spoken.js';
import type { Project } from '../model.js';
import { languageChain, type Texts } from '../texts.js';
import type { PromptRef } from './prompts.js';

/**
 * What a prompt says, in the project's main language: the text an interpreter reads (in the dashboard
 * or hears in the phone studio) and says in `language`. The language menu entry names that language
 * and its key, as the call will.
 */
export function promptText(texts: Texts, project: Project, survey: CompiledSurvey, ref: PromptRef, language: string): string {
  const chain = languageChain(project.languages[0] ?? 'nl', project.fallbackLanguages);
  if (ref.kind === 'question') {
    const askable = survey.askables.get(ref.questionId);
    return askable ? (spokenQuestion(askable, false, chain, survey.definition, texts).at(-1)?.text ?? '') : '';
  }
  const name = isSupportedLanguage(language) ? localeMeta[language].name : language;
  return texts.t(ref.key, chain, { project: project.name, language: name, key: project.languages.indexOf(language) + 1 });
}
