/**
 * The editor's form field names are the API's error paths (kernel/validation.ts formatPath), so an issue
 * such as `questions[2].text.ar` lands on the control of that name. Only a rule's operator and value differ
 * from the definition (which has one key per operator): editor-errors.ts maps those.
 */
export const q = (i: number): string => `questions[${i}]`;
export const qField = (i: number, field: string): string => `${q(i)}.${field}`;
export const textName = (base: string, language: string): string => `${base}.${language}`;
export const optionName = (i: number, j: number): string => `${q(i)}.options[${j}]`;
export const cornerName = (i: number, k: number): string => `${q(i)}.corners[${k}]`;
export const ruleName = (i: number, r: number): string => `${q(i)}.next[${r}]`;
export const ruleField = (i: number, r: number, field: 'if.question' | 'op' | 'value' | 'goto'): string => `${ruleName(i, r)}.${field}`;
/** The id of an action's button, so that focus can land on it after the page comes back. */
export const actionId = (action: string): string => `act-${action.replace(/[^a-z0-9]+/gi, '-')}`;
