import { errors, json, param, project, round } from './openapi-shared.js';

const query = (name: string, description: string) => ({ ...param(name, 'query'), description });

/** Reading what people said (http/api/answers-routes.ts): the paths of the OpenAPI description. */
export function answersPaths(): Record<string, unknown> {
  return {
    '/api/projects/{projectId}/rounds/{roundId}/answers': {
      get: {
        summary:
          "Without `question`: the round's questions in people's own words and what can filter them. With it: that question's answers (typed, or redacted transcripts, with any translation) of released respondents, newest release first, 20 a page; nothing else of the person. Staff of the organisation only. A filter that would show fewer than k people, or tell fewer than k apart from a looser one, is refused (422) naming its fields; an empty result is refused the same way",
        parameters: [
          project,
          round,
          query('question', 'an open question, story or statement probe'),
          query('q', 'words to find (case and accents do not matter)'),
          query('triad', 'a triad question of the round; with `zone`'),
          query('zone', 'the triad zone, 1–7: 1–3 corners, 4–6 edges, 7 centre'),
          query('dyad', 'a dyad question of the round; with `from` and `to`'),
          query('from', 'the lowest dyad point of the range'),
          query('to', 'the highest dyad point of the range (default: `from`)'),
          query('statement', "a statement question (default: the probe's own)"),
          query('value', 'the statement answer'),
          query('code', 'a code any coder gave the answer'),
          query('cursor', 'where the page starts: `next` of the page before'),
        ],
        responses: { 200: json('answers in people’s own words'), ...errors(400, 401, 404, 422) },
      },
    },
  };
}
